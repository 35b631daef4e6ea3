/**
 * One proxy (one sidecar or gateway): it runs from an EnvoyConfig alone, never from a mesh resource.
 * apply() swaps in a new config at once: routes and clusters for the next request, listeners bound or
 * drained as they come and go, hosts and their warm connections kept where they stay. Requests in
 * flight finish on the config they started with.
 */

import type { Server } from "node:net";
import { hostPort } from "../envoy/common.js";
import type { EnvoyConfig } from "../envoy/config.js";
import type { Listener } from "../envoy/listener.js";
import { HTTP_CONNECTION_MANAGER } from "../envoy/listener.js";
import type { LogSink } from "./access-log.js";
import type { ProxyContext } from "./http-connection-manager.js";
import { HttpListener } from "./http-listener.js";
import { RouteTable } from "./route-table.js";
import { Stats } from "./stats.js";
import { TcpListener } from "./tcp-listener.js";
import { TlsContexts, type WithTls } from "./tls/contexts.js";
import { ClusterManager } from "./upstream/cluster-manager.js";

/** Envoy's server states, as /ready and /server_info name them. */
export type ServerState = "PRE_INITIALIZING" | "INITIALIZING" | "LIVE" | "DRAINING";

export interface ProxyOptions {
  /** Binds (or hands over a socket already bound at) a listener's address. */
  acquire(address: { address: string; port_value: number }): Promise<Server>;
  logSink: LogSink;
  /** Where the proxy reports its own failures (stderr for `mesh up`). */
  log(line: string): void;
}

export class ListenerError extends Error {
  override readonly name = "ListenerError";
  constructor(
    readonly listener: string,
    readonly address: string,
    override readonly cause: NodeJS.ErrnoException,
  ) {
    super(
      `listener ${listener} cannot bind ${address}: ${cause.code === "EADDRINUSE" ? "address already in use" : cause.message}`,
    );
  }
}

export class ProxyServer implements ProxyContext, WithTls {
  readonly stats = new Stats();
  readonly tls = new TlsContexts();
  readonly clusters = new ClusterManager(this.stats, this.tls);
  readonly startedAt = Date.now();
  state: ServerState = "PRE_INITIALIZING";
  /** Set by /healthcheck/fail: /ready then answers 503 while traffic still flows. */
  failingHealthChecks = false;
  private current: EnvoyConfig | undefined;
  private tables = new Map<string, RouteTable>();
  private readonly listeners = new Map<string, HttpListener | TcpListener>();

  constructor(private readonly options: ProxyOptions) {}

  get config(): EnvoyConfig | undefined {
    return this.current;
  }

  get logSink(): LogSink {
    return this.options.logSink;
  }

  log(line: string): void {
    this.options.log(line);
  }

  routeTable(name: string): RouteTable | undefined {
    return this.tables.get(name);
  }

  /**
   * Takes a new config. One whose TLS cannot be loaded is refused whole (TlsConfigError), the running one
   * kept. Listeners that cannot bind are reported together, after the rest applied.
   */
  async apply(config: EnvoyConfig): Promise<void> {
    if (this.state === "DRAINING") return;
    this.tls.prepare(config);
    this.current = config;
    this.clusters.apply(config.clusters, config.loadAssignments);
    this.tables = new Map(config.routeConfigurations.map((route) => [route.name, new RouteTable(route)]));
    for (const route of config.routeConfigurations)
      this.stats.texts.set(`rds.${route.name}.version_text`, config.version);
    this.stats.texts.set("cluster_manager.cds.version_text", config.version);
    this.stats.texts.set("listener_manager.lds.version_text", config.version);
    const failures = await this.applyListeners(config.listeners);
    this.state = "LIVE";
    this.stats.gauge("server.state").value = 0;
    this.stats.gauge("server.live").value = 1;
    this.stats.gauge("listener_manager.total_listeners_active").value = this.listeners.size;
    if (failures.length)
      throw failures.length === 1
        ? failures[0]
        : new AggregateError(failures, failures.map((f) => f.message).join("; "));
  }

  /** The listeners by name, as /listeners shows them. */
  activeListeners(): Listener[] {
    return [...this.listeners.values()].map((listener) => listener.config);
  }

  /** POST /drain_listeners: every listener (or the inbound ones) stops taking connections and drains. */
  async drainListeners(inboundOnly: boolean): Promise<void> {
    const draining: Promise<void>[] = [];
    for (const [name, listener] of this.listeners) {
      if (inboundOnly && listener.config.traffic_direction !== "INBOUND") continue;
      this.listeners.delete(name);
      draining.push(listener.drain(5_000));
    }
    await Promise.all(draining);
  }

  /** Stops taking connections, lets requests in flight finish (up to `graceMs`), then closes upstream pools. */
  async drain(graceMs: number): Promise<void> {
    this.state = "DRAINING";
    this.stats.gauge("server.state").value = 1;
    await Promise.all([...this.listeners.values()].map((listener) => listener.drain(graceMs)));
    this.listeners.clear();
    await this.clusters.close();
  }

  private async applyListeners(configs: readonly Listener[]): Promise<ListenerError[]> {
    const wanted = new Map(configs.map((listener) => [listener.name, listener]));
    for (const [name, listener] of this.listeners) {
      const next = wanted.get(name);
      if (
        !next ||
        addressOf(next) !== addressOf(listener.config) ||
        speaksHttp(next) !== listener instanceof HttpListener
      ) {
        this.listeners.delete(name);
        void listener.drain(5_000);
      }
    }
    const failures: ListenerError[] = [];
    await Promise.all(
      configs.map(async (config) => {
        const existing = this.listeners.get(config.name);
        if (existing) return existing.update(config);
        try {
          const server = await this.options.acquire(config.address.socket_address);
          const Kind = speaksHttp(config) ? HttpListener : TcpListener;
          this.listeners.set(config.name, new Kind(config, server, this));
        } catch (error) {
          failures.push(new ListenerError(config.name, addressOf(config), error as NodeJS.ErrnoException));
        }
      }),
    );
    return failures;
  }
}

/**
 * A listener of tcp_proxy chains only serves raw TCP; any other serves HTTP (an egress listener with no
 * chain at all still answers Envoy's 404 for what it refuses).
 */
function speaksHttp(listener: Listener): boolean {
  const chains = [...listener.filter_chains, ...(listener.default_filter_chain ? [listener.default_filter_chain] : [])];
  return (
    chains.length === 0 ||
    chains.some((chain) => chain.filters.some((filter) => filter.name === HTTP_CONNECTION_MANAGER))
  );
}

function addressOf(listener: Listener): string {
  return hostPort(listener.address.socket_address);
}
