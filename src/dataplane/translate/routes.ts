/**
 * The virtual hosts a virtual node's egress serves: one per backend virtual service and listener port,
 * with the service's routes (from its router) or a single route to its provider node. Routes are in
 * the order App Mesh gave Envoy (snapshot/route-order.ts).
 * A route App Mesh would have dropped (a target port its node does not listen on) is left out, and the
 * virtual host says why.
 */
import type {
  GrpcRoute,
  HttpRoute,
  RouteSpec,
  TcpRoute,
  VirtualNodeSpec,
  WeightedTarget,
} from "@aws-sdk/client-app-mesh";
import type { SnapshotLookup } from "../../snapshot/lookup.js";
import { appMeshOrder } from "../../snapshot/route-order.js";
import type { ChildResource } from "../../snapshot/snapshot.js";
import { meshMetadata } from "../envoy/mesh-object.js";
import type { Route, RouteAction, VirtualHost, WeightedCluster } from "../envoy/route.js";
import { DEFAULT_IDLE_TIMEOUT, DEFAULT_ROUTE_TIMEOUT } from "./defaults.js";
import { durationOf } from "./durations.js";
import { grpcMatchOf, httpMatchOf } from "./match.js";
import { retryPolicyOf } from "./retry.js";

export type Protocol = "http" | "http2" | "grpc" | "tcp";

/** A virtual node's listener port that some route sends to: the egress cluster translation must build. */
export interface Target {
  node: string;
  port: number;
}

/** One backend virtual service on one port. */
export interface ServiceHost {
  port: number;
  protocol: Protocol;
  host: VirtualHost;
  /** TCP services: where connections go, by weight, and the route's idle timeout. */
  tcp?: WeightedCluster[];
  tcpIdle?: string;
}

export interface EgressRoutes {
  hosts: ServiceHost[];
  /** Backends no virtual service provides, with why. */
  unresolved: Record<string, string>;
}

/** Resolves a target of a backend service to its cluster name, or says why it cannot be reached. */
export type ResolveTarget = (target: WeightedTarget, service: string) => { cluster: string } | { problem: string };

export function egressRoutes(lookup: SnapshotLookup, backends: string[], resolve: ResolveTarget): EgressRoutes {
  const mesh = lookup.snapshot.mesh;
  const hosts: ServiceHost[] = [];
  const unresolved: Record<string, string> = {};
  for (const name of backends) {
    const service = lookup.virtualServices.get(name);
    const provider = service?.spec.provider;
    const serviceObject = `mesh/${mesh}/virtualService/${name}`;
    if (!service) unresolved[name] = `virtual service ${name} does not exist in mesh ${mesh}`;
    else if (provider?.virtualRouter?.virtualRouterName !== undefined) {
      const routerName = provider.virtualRouter.virtualRouterName;
      const router = lookup.virtualRouters.get(routerName);
      if (!router) unresolved[name] = `its provider, virtual router ${routerName}, does not exist`;
      for (const listener of router?.spec.listeners ?? []) {
        const port = listener.portMapping?.port ?? 0;
        const protocol = (listener.portMapping?.protocol ?? "http") as Protocol;
        const routes = lookup.routesOf(routerName).filter((route) => fits(route.spec, protocol, port));
        hosts.push(routerHost(mesh, name, routerName, port, protocol, routes, resolve));
      }
    } else if (provider?.virtualNode?.virtualNodeName !== undefined) {
      const nodeName = provider.virtualNode.virtualNodeName;
      const node = lookup.virtualNodes.get(nodeName);
      if (!node) unresolved[name] = `its provider, virtual node ${nodeName}, does not exist`;
      for (const listener of node?.spec.listeners ?? []) {
        const port = listener.portMapping?.port ?? 0;
        const protocol = (listener.portMapping?.protocol ?? "http") as Protocol;
        const resolved = resolve({ virtualNode: nodeName, weight: 100, port }, name);
        const clusters = "cluster" in resolved ? [{ name: resolved.cluster, weight: 100 }] : [];
        const route: Route = {
          name: name,
          match: protocol === "grpc" ? { prefix: "/", grpc: {} } : { prefix: "/" },
          route: { weighted_clusters: { clusters, total_weight: 100 }, ...timeoutsOf(undefined) },
          metadata: meshMetadata({ object: serviceObject }),
        };
        const host = virtualHost(name, port, protocol === "tcp" ? [] : [route], serviceObject);
        hosts.push(protocol === "tcp" ? { port, protocol, host, tcp: clusters } : { port, protocol, host });
      }
    } else {
      unresolved[name] = `virtual service ${name} has no provider`;
    }
  }
  return { hosts, unresolved };
}

function virtualHost(service: string, port: number, routes: Route[], object: string, reason?: string): VirtualHost {
  return {
    name: service,
    domains: [service, `${service}:${port}`],
    routes,
    metadata: meshMetadata(reason ? { object, reason } : { object }),
  };
}

const ROUTE_TYPES: Record<Protocol, keyof RouteSpec> = {
  http: "httpRoute",
  http2: "http2Route",
  grpc: "grpcRoute",
  tcp: "tcpRoute",
};

/** Whether a route serves a router listener: its type is the listener's protocol, its port (if any) the listener's. */
function fits(spec: RouteSpec, protocol: Protocol, port: number): boolean {
  const route = spec[ROUTE_TYPES[protocol]] as HttpRoute | GrpcRoute | TcpRoute | undefined;
  if (!route) return false;
  const matchPort = (route.match as { port?: number } | undefined)?.port;
  return matchPort === undefined || matchPort === port;
}

function routerHost(
  mesh: string,
  service: string,
  router: string,
  port: number,
  protocol: Protocol,
  routes: readonly ChildResource<RouteSpec>[],
  resolve: ResolveTarget,
): ServiceHost {
  const translated: Route[] = [];
  const dropped: string[] = [];
  let tcp: WeightedCluster[] | undefined;
  let tcpIdle: string | undefined;
  for (const { name, spec } of appMeshOrder(routes)) {
    const object = `mesh/${mesh}/virtualRouter/${router}/route/${name}`;
    const typed = spec[ROUTE_TYPES[protocol]] as HttpRoute | GrpcRoute | TcpRoute;
    const clusters: WeightedCluster[] = [];
    const problems: string[] = [];
    for (const target of typed.action?.weightedTargets ?? []) {
      const resolved = resolve(target, service);
      if ("cluster" in resolved) clusters.push({ name: resolved.cluster, weight: target.weight ?? 0 });
      else problems.push(resolved.problem);
    }
    const total = clusters.reduce((sum, cluster) => sum + cluster.weight, 0);
    if (problems.length || total === 0) {
      dropped.push(`route ${name} (${problems.length ? problems.join("; ") : "its targets' weights add up to 0"})`);
      continue;
    }
    if (protocol === "tcp") {
      // A TCP connection carries nothing to match on: the first route App Mesh orders first takes it.
      if (!tcp) {
        tcp = clusters;
        tcpIdle = durationOf((typed as TcpRoute).timeout?.idle);
      }
      continue;
    }
    const action: RouteAction = {
      weighted_clusters: { clusters, total_weight: total },
      ...timeoutsOf(typed as HttpRoute | GrpcRoute),
      retry_policy: retryPolicyOf((typed as HttpRoute | GrpcRoute).retryPolicy),
    };
    const match =
      protocol === "grpc" ? grpcMatchOf((typed as GrpcRoute).match) : httpMatchOf((typed as HttpRoute).match);
    translated.push({ name, match, route: action, metadata: meshMetadata({ object }) });
  }
  const reason = dropped.length ? `left out: ${dropped.join(", ")}` : undefined;
  const routerObject = `mesh/${mesh}/virtualRouter/${router}`;
  const host = virtualHost(service, port, translated, routerObject, reason);
  return tcp ? { port, protocol, host, tcp, ...(tcpIdle ? { tcpIdle } : {}) } : { port, protocol, host };
}

/** A route's perRequest and idle timeouts, App Mesh's defaults when it sets none; 0 disables. */
function timeoutsOf(route: HttpRoute | GrpcRoute | undefined): Pick<RouteAction, "timeout" | "idle_timeout"> {
  const timeout = route?.timeout;
  return {
    timeout: durationOf(timeout?.perRequest) ?? DEFAULT_ROUTE_TIMEOUT,
    idle_timeout: durationOf(timeout?.idle) ?? DEFAULT_IDLE_TIMEOUT,
  };
}

/** The listener a target reaches: the one on its port, else the node's only one. */
export function targetListener(
  spec: VirtualNodeSpec,
  port: number | undefined,
): NonNullable<VirtualNodeSpec["listeners"]>[number] | undefined {
  const listeners = spec.listeners ?? [];
  if (port !== undefined) return listeners.find((listener) => listener.portMapping?.port === port);
  return listeners.length === 1 ? listeners[0] : undefined;
}
