/**
 * `mesh up`: the sidecars of every virtual node of the chosen meshes, in one process. Each has an
 * egress listener (the application's outbound calls), one ingress listener in front of each endpoint
 * of each node listener (where callers' egress clusters send), and an admin listener. On every change
 * to the state the whole set is reconciled: endpoints found again, new listeners bound, configs
 * translated and swapped into the running proxies, nodes that went away drained.
 */

import { SocketPool } from "../../net/socket-pool.js";
import type { MeshSnapshot } from "../../snapshot/snapshot.js";
import { type AdminServer, startAdmin } from "../admin/admin-server.js";
import { type AccessLog, DEFAULT_ACCESS_LOG_FORMAT } from "../envoy/access-log.js";
import { type SocketAddress, splitHostPort } from "../envoy/common.js";
import type { LogSink } from "../proxy/access-log.js";
import { ProxyServer } from "../proxy/proxy.js";
import type { Placement, TargetEndpoints } from "../translate/placement.js";
import { translate, UnavailableLocallyError } from "../translate/translate.js";
import { type EndpointOverride, nodeEndpoints, type Resolve, systemResolve } from "./endpoints.js";
import type { MeshSource } from "./source.js";

export interface UpOptions {
  source: MeshSource;
  /** The meshes to run; every mesh of the account and region when empty. */
  meshes: string[];
  host: string;
  /** Ports from here on, in a stable order, instead of ports the system picks. */
  basePort?: number;
  endpoints: EndpointOverride[];
  resolve?: Resolve;
  logSink: LogSink;
  /** `--access-log`: every sidecar's requests logged there too. */
  accessLog?: string;
  /** Warnings and errors for the user (stderr). */
  warn(message: string): void;
  /** Called with the listener set once everything is bound, and again whenever it changes. */
  onListeners(listeners: ListenerEntry[]): void;
}

export interface ListenerEntry {
  role: "egress" | "ingress" | "gateway" | "admin";
  mesh: string;
  /** The proxy the listener belongs to: a virtual node's sidecar, or a virtual gateway. */
  virtualNode?: string;
  virtualGateway?: string;
  /** A TCP virtual service's own egress listener: the service it stands for. */
  virtualService?: string;
  /** The node listener port an ingress listener stands for, a TCP service's port; null otherwise. */
  port: number | null;
  /** The application endpoint behind an ingress listener. */
  endpoint?: string;
  address: string;
}

interface Sidecar {
  proxy: ProxyServer;
  admin: AdminServer;
}

/** A proxy `mesh up` runs: a virtual node's sidecar or a virtual gateway, keyed `<mesh>/<kind>/<name>`. */
interface ProxyRef {
  mesh: string;
  kind: "virtualNode" | "virtualGateway";
  name: string;
  key: string;
}

function proxyKey(mesh: string, kind: ProxyRef["kind"], name: string): string {
  return `${mesh}/${kind}/${name}`;
}

/** "virtual node colors-v1 of mesh colors", for messages. */
function describe(proxy: ProxyRef): string {
  return `${proxy.kind === "virtualNode" ? "virtual node" : "virtual gateway"} ${proxy.name} of mesh ${proxy.mesh}`;
}

/** A mesh's proxies in a stable order: gateways, then nodes, each by name. */
function proxiesOf(snapshot: MeshSnapshot): ProxyRef[] {
  const byName = <T extends { name: string }>(list: T[]) =>
    [...list].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const ref = (kind: ProxyRef["kind"], name: string) => ({
    mesh: snapshot.mesh,
    kind,
    name,
    key: proxyKey(snapshot.mesh, kind, name),
  });
  return [
    ...byName(snapshot.virtualGateways).map((g) => ref("virtualGateway", g.name)),
    ...byName(snapshot.virtualNodes).map((n) => ref("virtualNode", n.name)),
  ];
}

/** How long draining lets requests in flight run on stop. */
const DRAIN_MS = 5_000;

export class MeshUp {
  private readonly sockets = new SocketPool();
  private readonly addresses = new Map<string, SocketAddress>();
  private readonly sidecars = new Map<string, Sidecar>();
  private nextPort: number | undefined;
  private unwatch: (() => void) | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = false;
  private lastListing = "";
  private readonly warned = new Set<string>();
  private readonly quitted = new Set<string>();

  constructor(private readonly options: UpOptions) {
    this.nextPort = options.basePort;
  }

  /** Binds and serves everything; rejects when the first reconcile cannot (an unknown mesh, a port in use). */
  async start(): Promise<void> {
    await this.reconcile(true);
    this.unwatch = this.options.source.watch(() => this.changed());
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.unwatch?.();
    await this.running?.catch(() => {});
    await Promise.all(
      [...this.sidecars.values()].map(async ({ proxy, admin }) => {
        await proxy.drain(DRAIN_MS);
        await admin.close();
      }),
    );
    this.sidecars.clear();
    this.sockets.close();
  }

  /** The sidecars now running, by `mesh/node`. */
  proxies(): Map<string, ProxyServer> {
    return new Map([...this.sidecars].map(([key, sidecar]) => [key, sidecar.proxy]));
  }

  /** Reconciles after a change; changes arriving meanwhile are folded into one more pass. */
  private changed(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.reconcile(false)
      .catch((error: Error) => this.options.warn(`mesh up: ${error.message}`))
      .finally(() => {
        this.running = undefined;
        if (this.again && !this.stopped) {
          this.again = false;
          this.changed();
        }
      });
  }

  private async reconcile(first: boolean): Promise<void> {
    const { source } = this.options;
    const names = this.options.meshes.length ? this.options.meshes : source.meshes();
    const snapshots: MeshSnapshot[] = [];
    for (const name of names) {
      try {
        snapshots.push(source.snapshot(name));
      } catch (error) {
        if (first) throw error;
      }
    }
    // Where each node's application listens, per listener port.
    const endpoints = new Map<string, Map<number, string[]>>();
    for (const snapshot of snapshots) {
      for (const { name, spec } of snapshot.virtualNodes) {
        const resolve = this.options.resolve ?? systemResolve;
        const found = await nodeEndpoints(snapshot, name, spec, this.options.endpoints, source, resolve);
        if (found.problem) this.warnOnce(`mesh up: virtual node ${name} of mesh ${snapshot.mesh}: ${found.problem}`);
        endpoints.set(proxyKey(snapshot.mesh, "virtualNode", name), found.byPort);
      }
    }
    // Proxies whose certificates cannot be had locally (ACM, SDS) do not run; the others do.
    const unavailable = new Set<string>();
    const tcp = new Map<string, { service: string; port: number }[]>();
    for (const snapshot of snapshots) {
      for (const proxy of proxiesOf(snapshot)) {
        try {
          tcp.set(proxy.key, tcpBackends(snapshot, proxy));
        } catch (error) {
          if (!(error instanceof UnavailableLocallyError)) throw error;
          unavailable.add(proxy.key);
          endpoints.delete(proxy.key);
          this.warnOnce(`mesh up: ${describe(proxy)}: ${error.message}`);
        }
      }
    }
    // Bind what is new, in a stable order (so --base-port gives the same ports every run).
    const wanted = new Map<string, Omit<ListenerEntry, "address">>();
    for (const snapshot of snapshots) {
      for (const proxy of proxiesOf(snapshot)) {
        if (unavailable.has(proxy.key)) continue;
        const who = { mesh: snapshot.mesh, [proxy.kind]: proxy.name };
        if (proxy.kind === "virtualGateway") {
          const gateway = snapshot.virtualGateways.find((g) => g.name === proxy.name);
          for (const listener of gateway?.spec.listeners ?? []) {
            const port = listener.portMapping?.port ?? 0;
            wanted.set(`gateway ${proxy.key} ${port}`, { role: "gateway", ...who, port });
          }
        }
        wanted.set(`egress ${proxy.key}`, { role: "egress", ...who, port: null });
        for (const [port, list] of [...(endpoints.get(proxy.key) ?? new Map())].sort((a, b) => a[0] - b[0])) {
          for (const endpoint of list)
            wanted.set(`ingress ${proxy.key} ${port} ${endpoint}`, { role: "ingress", ...who, port, endpoint });
        }
        for (const { service, port } of tcp.get(proxy.key) ?? []) {
          wanted.set(`tcp ${proxy.key} ${service}:${port}`, { role: "egress", ...who, virtualService: service, port });
        }
        wanted.set(`admin ${proxy.key}`, { role: "admin", ...who, port: null });
      }
    }
    for (const key of this.addresses.keys()) {
      if (!wanted.has(key)) {
        this.sockets.release(this.addresses.get(key) as SocketAddress);
        this.addresses.delete(key);
      }
    }
    for (const key of wanted.keys()) if (!this.addresses.has(key)) this.addresses.set(key, await this.reserve());

    // Translate and apply every sidecar's config.
    const failures: string[] = [];
    const live = new Set<string>();
    const address = (key: string) => this.addresses.get(key) as SocketAddress;
    for (const snapshot of snapshots) {
      for (const proxy of proxiesOf(snapshot)) {
        if (this.quitted.has(proxy.key) || unavailable.has(proxy.key)) continue;
        live.add(proxy.key);
        const what = describe(proxy);
        try {
          const config = translate({
            snapshot,
            proxy,
            placement: localPlacement(proxy, endpoints, address),
            admin: address(`admin ${proxy.key}`),
            ...(this.options.accessLog === undefined ? {} : { accessLog: meshUpAccessLog(this.options.accessLog) }),
          });
          const sidecar = this.sidecars.get(proxy.key) ?? (await this.createSidecar(what, proxy.key));
          await sidecar.proxy.apply(config);
        } catch (error) {
          failures.push(`${what}: ${(error as Error).message}`);
        }
      }
    }
    for (const [key, sidecar] of this.sidecars) {
      if (live.has(key)) continue;
      this.sidecars.delete(key);
      void sidecar.proxy.drain(DRAIN_MS).then(() => sidecar.admin.close());
    }
    if (failures.length && first) throw new Error(failures.join("\n"));
    for (const failure of failures) this.warnOnce(`mesh up: ${failure}`);
    this.report(wanted);
  }

  /** `what` names the proxy in messages ("virtual node colors-v1 of mesh colors"). */
  private async createSidecar(what: string, key: string): Promise<Sidecar> {
    const proxy = new ProxyServer({
      acquire: (address) => this.sockets.acquire(address),
      logSink: this.options.logSink,
      log: (line) => this.options.warn(`mesh up: ${what}: ${line}`),
    });
    const socket = await this.sockets.acquire(this.addresses.get(`admin ${key}`) as SocketAddress);
    const admin = startAdmin(proxy, socket, { quit: () => void this.quit(key) });
    const sidecar = { proxy, admin };
    this.sidecars.set(key, sidecar);
    return sidecar;
  }

  /** POST /quitquitquit on one sidecar: it stops, and stays stopped while `mesh up` runs. */
  private async quit(key: string): Promise<void> {
    const sidecar = this.sidecars.get(key);
    if (!sidecar) return;
    this.quitted.add(key);
    this.sidecars.delete(key);
    await sidecar.proxy.drain(DRAIN_MS);
    await sidecar.admin.close();
  }

  private async reserve(): Promise<SocketAddress> {
    if (this.nextPort === undefined) return this.sockets.reserve(this.options.host, 0);
    const port = this.nextPort++;
    try {
      return await this.sockets.reserve(this.options.host, port);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new Error(
        `cannot listen on ${this.options.host}:${port}: ${code === "EADDRINUSE" ? "address already in use" : (error as Error).message}`,
      );
    }
  }

  private report(wanted: Map<string, Omit<ListenerEntry, "address">>): void {
    const listing: ListenerEntry[] = [...wanted].map(([key, entry]) => {
      const bound = this.addresses.get(key) as SocketAddress;
      return { ...entry, address: `${bound.address}:${bound.port_value}` };
    });
    const text = JSON.stringify(listing);
    if (text === this.lastListing) return;
    this.lastListing = text;
    this.options.onListeners(listing);
  }

  private warnOnce(message: string): void {
    if (this.warned.has(message)) return;
    this.warned.add(message);
    this.options.warn(message);
  }
}

/**
 * `mesh up`'s placement for one proxy: its own listeners where `address` says (by the keys reconcile
 * reserves them under), and its targets through the ingress listeners of their sidecars.
 */
function localPlacement(
  proxy: ProxyRef,
  endpoints: Map<string, Map<number, string[]>>,
  address: (key: string) => SocketAddress,
): Placement {
  const ingressOf = (node: string, port: number) => {
    const key = proxyKey(proxy.mesh, "virtualNode", node);
    return (endpoints.get(key)?.get(port) ?? []).map((endpoint) => ({
      port,
      address: address(`ingress ${key} ${port} ${endpoint}`),
      application: socketAddress(endpoint),
    }));
  };
  return {
    egress: address(`egress ${proxy.key}`),
    ingress: (port) => ingressOf(proxy.name, port),
    gatewayListener: (port) => address(`gateway ${proxy.key} ${port}`),
    endpoints: (target, port): TargetEndpoints => ({
      type: "static",
      addresses: ingressOf(target, port).map((binding) => binding.address),
    }),
    passthrough: "http",
    tcpEgress: (service, port) => address(`tcp ${proxy.key} ${service}:${port}`),
    filesOnly: true,
  };
}

/**
 * The TCP virtual services a proxy reaches (each gets an egress listener of its own): asked of
 * translation itself, which also throws UnavailableLocallyError for a proxy that cannot run here.
 */
function tcpBackends(snapshot: MeshSnapshot, proxy: ProxyRef): { service: string; port: number }[] {
  const found: { service: string; port: number }[] = [];
  const nowhere = { address: "0.0.0.0", port_value: 0 };
  const placement = localPlacement(proxy, new Map(), () => nowhere);
  translate({
    snapshot,
    proxy,
    placement: {
      ...placement,
      tcpEgress: (service, port) => {
        found.push({ service, port });
        return nowhere;
      },
    },
  });
  return found;
}

/** `--access-log`: Envoy's default format, then the mesh object that decided a local reply (or -). */
function meshUpAccessLog(path: string): AccessLog {
  return {
    name: "envoy.access_loggers.file",
    typed_config: {
      "@type": "type.googleapis.com/envoy.extensions.access_loggers.file.v3.FileAccessLog",
      path,
      log_format: {
        text_format_source: { inline_string: `${DEFAULT_ACCESS_LOG_FORMAT.trimEnd()} "%MESH_DECIDED_BY%"\n` },
      },
    },
  };
}

/** `host:port`, the host an IPv6 address in brackets or not. */
function socketAddress(endpoint: string): SocketAddress {
  const { host, port } = splitHostPort(endpoint);
  return { address: host, port_value: port };
}
