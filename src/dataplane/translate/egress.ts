/**
 * The egress listener of a proxy: a filter chain per port its backend virtual services use (a route
 * configuration per port, a virtual host per service), the egress filter for everything else: DROP_ALL
 * refuses it (the proxy's 404), ALLOW_ALL passes it through to where it was going.
 */
import type { WeightedTarget } from "@aws-sdk/client-app-mesh";
import type { SnapshotLookup } from "../../snapshot/lookup.js";
import type { AccessLog } from "../envoy/access-log.js";
import type { FilterChain } from "../envoy/listener.js";
import { meshMetadata } from "../envoy/mesh-object.js";
import { allowAllClusterName, listenerName, routeConfigName } from "../envoy/names.js";
import type { VirtualHost } from "../envoy/route.js";
import { allowAllCluster, egressCluster } from "./clusters.js";
import { DEFAULT_IDLE_TIMEOUT } from "./defaults.js";
import { type IpPreference, ipPreferenceOf, wildcardBinding } from "./ip-preference.js";
import { httpFilter, portChain, tcpFilter } from "./listeners.js";
import type { Placement } from "./placement.js";
import type { Resources } from "./resources.js";
import { egressRoutes, type ServiceHost, targetListener } from "./routes.js";
import { type ClientPolicyAt, type ClientTls, clientTls, discoveryNameOf, upstreamTls } from "./tls.js";

/** Whose egress it is: a virtual node (its backends), or a virtual gateway (its routes' targets). */
export interface EgressOwner {
  kind: "virtualNode" | "virtualGateway";
  name: string;
  backends: string[];
  /** Its client policies: a backend's own, else the defaults (see tls.ts). */
  policies: { defaults: ClientPolicyAt | undefined; byBackend: Map<string, ClientPolicyAt> };
  /** The node's IP preference: how the egress listener binds. */
  ipPreference?: IpPreference;
}

export function egress(
  resources: Resources,
  lookup: SnapshotLookup,
  owner: EgressOwner,
  placement: Placement,
  accessLog: AccessLog[],
): void {
  const mesh = lookup.snapshot.mesh;
  // A gateway's egress serves its own routes' targets only: nothing passes through it.
  const allowAll = owner.kind === "virtualNode" && lookup.snapshot.meshSpec.egressFilter?.type === "ALLOW_ALL";
  const nodeObject = `mesh/${mesh}/${owner.kind}/${owner.name}`;
  const backends = [...new Set(owner.backends)].sort();
  // Every policy is resolved, used or not: a source the placement cannot give is reported either way.
  const sources = { filesOnly: placement.filesOnly === true, resources };
  const defaultTls = clientTls(owner.policies.defaults, sources);
  const backendTls = new Map<string, ClientTls | undefined>();
  for (const [service, policy] of owner.policies.byBackend) backendTls.set(service, clientTls(policy, sources));
  const tlsOf = (service: string) => (backendTls.has(service) ? backendTls.get(service) : defaultTls);
  // A target reached from several backends keeps the cluster (and TLS) of the first, in name order.
  const resolve = (target: WeightedTarget, service: string) => {
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
    const tls = upstreamTls(tlsOf(service), port, discoveryNameOf(targetNode.spec.serviceDiscovery));
    const endpoints = placement.endpoints(targetName, port);
    const preference = ipPreferenceOf(lookup.snapshot.meshSpec, targetNode.spec);
    const { cluster, assignment } = egressCluster(mesh, targetName, listener, endpoints, tls, preference);
    resources.cluster(cluster, assignment);
    return { cluster: cluster.name };
  };
  const { hosts, unresolved } = egressRoutes(lookup, backends, resolve);

  const byPort = new Map<number, ServiceHost[]>();
  for (const host of hosts) byPort.set(host.port, [...(byPort.get(host.port) ?? []), host]);
  const egressFilter = allowAll
    ? "egress filter ALLOW_ALL: passed through to its own address"
    : owner.kind === "virtualNode"
      ? `egress filter DROP_ALL: not a backend of virtual node ${owner.name}`
      : `not a target of virtual gateway ${owner.name}'s routes`;
  const chains: FilterChain[] = [];
  for (const port of [...byPort.keys()].sort((a, b) => a - b)) {
    const onPort = byPort.get(port) ?? [];
    const tcp = onPort.find((host) => host.protocol === "tcp");
    if (tcp) {
      const filter = tcpFilter("egress", tcp.tcp ?? [], tcp.tcpIdle ?? DEFAULT_IDLE_TIMEOUT, accessLog);
      const own = placement.tcpEgress?.(tcp.host.name, port);
      if (!own) {
        chains.push(portChain(port, filter));
        continue;
      }
      resources.listeners.push({
        name: listenerName("egress", own.address, own.port_value),
        address: { socket_address: own },
        filter_chains: [{ filters: [filter] }],
        traffic_direction: "OUTBOUND",
        metadata: meshMetadata({
          object: `mesh/${mesh}/virtualService/${tcp.host.name}`,
          reason: `TCP virtual service ${tcp.host.name}:${port}`,
        }),
      });
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
  const inline = (virtualHost: VirtualHost, name: string): FilterChain => ({
    filters: [
      httpFilter(
        "egress",
        {
          inline: {
            name,
            virtual_hosts: [virtualHost],
            metadata: meshMetadata({ object: nodeObject, reason: egressFilter }),
          },
        },
        accessLog,
      ),
    ],
  });
  const passthrough: FilterChain | undefined = !allowAll
    ? owner.kind === "virtualGateway"
      ? inline(defaultBackend(hosts), "default_backend")
      : undefined
    : placement.passthrough === "tcp"
      ? {
          filters: [
            tcpFilter("egress", [{ name: allowAllClusterName(mesh), weight: 1 }], DEFAULT_IDLE_TIMEOUT, accessLog),
          ],
        }
      : inline(passthroughHost(mesh), "passthrough");
  const address = wildcardBinding(placement.egress, owner.ipPreference);
  resources.listeners.push({
    name: listenerName("egress", address.address, address.port_value),
    address: { socket_address: address },
    filter_chains: chains,
    ...(passthrough ? { default_filter_chain: passthrough } : {}),
    traffic_direction: "OUTBOUND",
    metadata: meshMetadata({ object: nodeObject, reason: egressFilter, unresolved }),
  });
}

/** The header gateway routes set when they keep the Host: which virtual service the request is for. */
export const VIRTUAL_SERVICE_HEADER = "x-app-mesh-virtual-service";

/**
 * A gateway's `default_backend`: every target service's routes again, taken by the header gateway
 * routes set when they keep the request's Host, which is removed before the request goes on.
 */
function defaultBackend(hosts: ServiceHost[]): VirtualHost {
  const routes = hosts.flatMap(({ host }) =>
    host.routes.map((route) => ({
      ...route,
      match: {
        ...route.match,
        headers: [...(route.match.headers ?? []), { name: VIRTUAL_SERVICE_HEADER, string_match: { exact: host.name } }],
      },
      request_headers_to_remove: [VIRTUAL_SERVICE_HEADER],
    })),
  );
  return { name: "default_backend", domains: ["*"], routes };
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
