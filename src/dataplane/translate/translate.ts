/**
 * The one translation from a mesh to Envoy's config, for one proxy: a pure function of a mesh snapshot
 * and a placement (where the proxy's listeners are and how it reaches its targets). `mesh up`'s proxy
 * runs from its result, `/config_dump` shows it, the xDS server sends it to real Envoy, and
 * `mesh explain` routes requests through it: they cannot drift apart.
 */
import { createHash } from "node:crypto";
import type { VirtualNodeSpec, WeightedTarget } from "@aws-sdk/client-app-mesh";
import { stableJson } from "../../model/stable-json.js";
import { SnapshotLookup } from "../../snapshot/lookup.js";
import type { MeshSnapshot } from "../../snapshot/snapshot.js";
import type { AccessLog } from "../envoy/access-log.js";
import type { Cluster, ClusterLoadAssignment } from "../envoy/cluster.js";
import type { SocketAddress } from "../envoy/common.js";
import type { EnvoyConfig } from "../envoy/config.js";
import type { FilterChain, Listener } from "../envoy/listener.js";
import { meshMetadata, ORIGINAL_DESTINATION } from "../envoy/mesh-object.js";
import { allowAllClusterName, listenerName, routeConfigName } from "../envoy/names.js";
import type { RouteConfiguration, VirtualHost } from "../envoy/route.js";
import { allowAllCluster, egressCluster, ingressCluster } from "./clusters.js";
import { DEFAULT_IDLE_TIMEOUT, DEFAULT_ROUTE_TIMEOUT } from "./defaults.js";
import { durationOf } from "./durations.js";
import { accessLogOf, addressKey, httpFilter, portChain, tcpFilter } from "./listeners.js";
import type { Placement } from "./placement.js";
import { forGrpcClients } from "./proxyless.js";
import { egressRoutes, type ServiceHost, targetListener } from "./routes.js";

export interface ProxyIdentity {
  kind: "virtualNode" | "virtualGateway";
  name: string;
}

export interface TranslateInput {
  snapshot: MeshSnapshot;
  proxy: ProxyIdentity;
  placement: Placement;
  /** The admin listener (not part of xDS; `mesh up` and bootstraps give one). */
  admin?: SocketAddress;
  /** An access log every connection manager writes besides the node's own (`mesh up --access-log`). */
  accessLog?: AccessLog;
  /** The node's "proxy" is a gRPC application using gRPC's xDS resolver (see proxyless.ts). */
  proxyless?: boolean;
}

export class TranslateError extends Error {
  override readonly name = "TranslateError";
}

export function translate(input: TranslateInput): EnvoyConfig {
  const { snapshot, proxy } = input;
  const lookup = new SnapshotLookup(snapshot);
  if (proxy.kind !== "virtualNode") throw new TranslateError(`${proxy.kind} proxies are not translated yet`);
  const node = lookup.virtualNodes.get(proxy.name);
  if (!node) throw new TranslateError(`virtual node ${proxy.name} does not exist in mesh ${snapshot.mesh}`);
  const id = `mesh/${snapshot.mesh}/${proxy.kind}/${proxy.name}`;
  const resources = new Resources();
  const accessLog = [...accessLogOf(node.spec.logging?.accessLog), ...(input.accessLog ? [input.accessLog] : [])];
  ingress(resources, snapshot.mesh, proxy.name, node.spec, input.placement, accessLog);
  egress(resources, lookup, proxy.name, node.spec, input.placement, accessLog);
  const sidecar = {
    listeners: resources.listeners,
    routeConfigurations: resources.routes,
    clusters: [...resources.clusters.values()],
    loadAssignments: resources.assignments,
  };
  const content = input.proxyless ? forGrpcClients(sidecar) : sidecar;
  const version = createHash("sha256").update(stableJson(content)).digest("hex").slice(0, 16);
  const config: EnvoyConfig = {
    node: { id, cluster: id },
    version,
    ...(input.admin ? { admin: { address: { socket_address: input.admin } } } : {}),
    ...content,
  };
  return deepFreeze(config);
}

class Resources {
  readonly listeners: Listener[] = [];
  readonly routes: RouteConfiguration[] = [];
  readonly clusters = new Map<string, Cluster>();
  readonly assignments: ClusterLoadAssignment[] = [];

  cluster(cluster: Cluster, assignment?: ClusterLoadAssignment): void {
    if (this.clusters.has(cluster.name)) return;
    this.clusters.set(cluster.name, cluster);
    if (assignment) this.assignments.push(assignment);
  }
}

/** One ingress listener per address the placement gives, one filter chain per node listener port on it. */
function ingress(
  resources: Resources,
  mesh: string,
  name: string,
  spec: VirtualNodeSpec,
  placement: Placement,
  accessLog: AccessLog[],
): void {
  const byAddress = new Map<string, Listener>();
  for (const listener of spec.listeners ?? []) {
    const port = listener.portMapping?.port ?? 0;
    const protocol = listener.portMapping?.protocol ?? "http";
    for (const binding of placement.ingress(port)) {
      const application = binding.application ? "original-destination" : "loopback";
      const appCluster = ingressCluster(mesh, name, listener, application);
      resources.cluster(appCluster);
      const timeout = listener.timeout?.[protocol as "http"];
      let filter: FilterChain["filters"][number];
      if (protocol === "tcp") {
        const idle = durationOf(listener.timeout?.tcp?.idle) ?? DEFAULT_IDLE_TIMEOUT;
        filter = tcpFilter("ingress", [{ name: appCluster.name, weight: 1 }], idle, accessLog);
      } else {
        const rds = routeConfigName("ingress", protocol, port);
        if (!resources.routes.some((route) => route.name === rds)) {
          resources.routes.push({
            name: rds,
            virtual_hosts: [
              {
                name: `${name}_${port}`,
                domains: ["*"],
                routes: [
                  {
                    match: protocol === "grpc" ? { prefix: "/", grpc: {} } : { prefix: "/" },
                    route: {
                      cluster: appCluster.name,
                      timeout: durationOf(timeout?.perRequest) ?? DEFAULT_ROUTE_TIMEOUT,
                      idle_timeout: durationOf(timeout?.idle) ?? DEFAULT_IDLE_TIMEOUT,
                    },
                    metadata: meshMetadata({ object: `mesh/${mesh}/virtualNode/${name}` }),
                  },
                ],
              },
            ],
          });
        }
        filter = httpFilter("ingress", { rds }, accessLog);
      }
      const key = addressKey(binding.address);
      let envoyListener = byAddress.get(key);
      if (!envoyListener) {
        envoyListener = {
          name: listenerName("ingress", binding.address.address, binding.address.port_value),
          address: { socket_address: binding.address },
          filter_chains: [],
          traffic_direction: "INBOUND",
          ...(binding.application
            ? { metadata: { filter_metadata: { [ORIGINAL_DESTINATION]: { ...binding.application } } } }
            : {}),
        };
        byAddress.set(key, envoyListener);
        resources.listeners.push(envoyListener);
      }
      envoyListener.filter_chains.push(portChain(port, filter));
    }
  }
}

/** The egress listener: a filter chain per port some backend virtual service uses, the egress filter for the rest. */
function egress(
  resources: Resources,
  lookup: SnapshotLookup,
  name: string,
  spec: VirtualNodeSpec,
  placement: Placement,
  accessLog: AccessLog[],
): void {
  const mesh = lookup.snapshot.mesh;
  const allowAll = lookup.snapshot.meshSpec.egressFilter?.type === "ALLOW_ALL";
  const nodeObject = `mesh/${mesh}/virtualNode/${name}`;
  const backends = [
    ...new Set((spec.backends ?? []).flatMap((b) => b.virtualService?.virtualServiceName ?? [])),
  ].sort();
  const resolve = (target: WeightedTarget) => {
    const targetName = target.virtualNode ?? "";
    const targetNode = lookup.virtualNodes.get(targetName);
    if (!targetNode) return { problem: `virtual node ${targetName} does not exist` };
    const listener = targetListener(targetNode.spec, target.port);
    if (!listener) {
      return {
        problem:
          target.port === undefined
            ? `virtual node ${targetName} has ${targetNode.spec.listeners?.length ? "several listeners: no port given" : "no listener"}`
            : `virtual node ${targetName} has no listener on port ${target.port}`,
      };
    }
    const port = listener.portMapping?.port ?? 0;
    const { cluster, assignment } = egressCluster(mesh, targetName, listener, placement.endpoints(targetName, port));
    resources.cluster(cluster, assignment);
    return { cluster: cluster.name };
  };
  const { hosts, unresolved } = egressRoutes(lookup, backends, resolve);

  const byPort = new Map<number, ServiceHost[]>();
  for (const host of hosts) byPort.set(host.port, [...(byPort.get(host.port) ?? []), host]);
  const egressFilter = allowAll
    ? "egress filter ALLOW_ALL: passed through to its own address"
    : `egress filter DROP_ALL: not a backend of virtual node ${name}`;
  const chains: FilterChain[] = [];
  for (const port of [...byPort.keys()].sort((a, b) => a - b)) {
    const onPort = byPort.get(port) ?? [];
    const tcp = onPort.find((host) => host.protocol === "tcp");
    if (tcp) {
      const idle = DEFAULT_IDLE_TIMEOUT;
      chains.push(portChain(port, tcpFilter("egress", tcp.tcp ?? [], idle, accessLog)));
      continue;
    }
    const rds = routeConfigName("egress", "http", port);
    const virtualHosts: VirtualHost[] = onPort.map((host) => host.host).sort((a, b) => (a.name < b.name ? -1 : 1));
    if (allowAll) virtualHosts.push(passthroughHost(mesh));
    resources.routes.push({
      name: rds,
      virtual_hosts: virtualHosts,
      metadata: meshMetadata({ object: nodeObject, reason: egressFilter, unresolved }),
    });
    chains.push(portChain(port, httpFilter("egress", { rds }, accessLog)));
  }
  if (allowAll) resources.cluster(allowAllCluster(mesh, placement.passthrough));
  const passthrough: FilterChain | undefined = !allowAll
    ? undefined
    : placement.passthrough === "tcp"
      ? {
          filters: [
            tcpFilter("egress", [{ name: allowAllClusterName(mesh), weight: 1 }], DEFAULT_IDLE_TIMEOUT, accessLog),
          ],
        }
      : {
          filters: [
            httpFilter(
              "egress",
              {
                inline: {
                  name: "passthrough",
                  virtual_hosts: [passthroughHost(mesh)],
                  metadata: meshMetadata({ object: nodeObject, reason: egressFilter }),
                },
              },
              accessLog,
            ),
          ],
        };
  resources.listeners.push({
    name: listenerName("egress", placement.egress.address, placement.egress.port_value),
    address: { socket_address: placement.egress },
    filter_chains: chains,
    ...(passthrough ? { default_filter_chain: passthrough } : {}),
    traffic_direction: "OUTBOUND",
    metadata: meshMetadata({ object: nodeObject, reason: egressFilter, unresolved }),
  });
}

/** ALLOW_ALL's last virtual host: anything else goes where it was going. */
function passthroughHost(mesh: string): VirtualHost {
  return {
    name: "allow_all",
    domains: ["*"],
    routes: [
      {
        match: { prefix: "/" },
        route: { cluster: allowAllClusterName(mesh), timeout: "0s" },
        metadata: meshMetadata({ object: `mesh/${mesh}`, reason: "egress filter ALLOW_ALL" }),
      },
    ],
  };
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
