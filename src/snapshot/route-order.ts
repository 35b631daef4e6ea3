/**
 * The order App Mesh tried routes in, for everything that must agree on it (the proxy's translation,
 * exports to other systems): priority first (0 first; routes without one after all that have one),
 * then the longer match (App Mesh sorted routes by length before priorities existed, and on
 * conflicting gateway routes the longest prefix wins), then the name.
 */
import type { GatewayRouteSpec, RouteSpec } from "@aws-sdk/client-app-mesh";
import type { ChildResource } from "./snapshot.js";

type Ordered = ChildResource<RouteSpec> | ChildResource<GatewayRouteSpec>;

export function appMeshOrder<T extends Ordered>(routes: readonly T[]): T[] {
  const priority = (route: T) => route.spec.priority ?? Number.POSITIVE_INFINITY;
  return [...routes].sort(
    (a, b) =>
      priority(a) - priority(b) ||
      matchLength(b.spec) - matchLength(a.spec) ||
      (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
  );
}

/** How much of the path a route's match pins down: its prefix, exact path or regex; gRPC's service and method. */
export function matchLength(spec: RouteSpec | GatewayRouteSpec): number {
  const http = (spec.httpRoute ?? spec.http2Route)?.match;
  if (http) return (http.path?.exact ?? http.path?.regex ?? http.prefix ?? "/").length;
  const grpc = spec.grpcRoute?.match as { serviceName?: string; methodName?: string } | undefined;
  if (grpc?.serviceName === undefined) return grpc ? 1 : 0;
  return `/${grpc.serviceName}/${grpc.methodName ?? ""}`.length;
}
