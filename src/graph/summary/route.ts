/** What a route shows: its protocol and match, priority, retry and timeout badges, and its targets. */
import type { Duration, GrpcRoute, HttpRoute, RouteSpec, TcpRoute, WeightedTarget } from "@aws-sdk/client-app-mesh";
import { duration, pathMatch, queryMatch, valueMatch } from "./match.js";

export interface RouteSummary {
  details: string[];
  badges: string[];
  targets: WeightedTarget[];
}

export function routeSummary(spec: RouteSpec): RouteSummary {
  const priority = spec.priority === undefined ? [] : [`priority ${spec.priority}`];
  if (spec.httpRoute) return httpSummary("http", spec.httpRoute, priority);
  if (spec.http2Route) return httpSummary("http2", spec.http2Route, priority);
  if (spec.grpcRoute) return grpcSummary(spec.grpcRoute, priority);
  if (spec.tcpRoute) return tcpSummary(spec.tcpRoute, priority);
  return { details: priority, badges: [], targets: [] };
}

function httpSummary(protocol: string, route: HttpRoute, priority: string[]): RouteSummary {
  const match = route.match ?? {};
  const details = [
    protocol,
    ...(match.prefix === undefined ? [] : [`prefix ${match.prefix}`]),
    ...(match.path ? [pathMatch(match.path)] : []),
    ...(match.headers ?? []).map((h) => valueMatch("header", h.name, h.match, h.invert)),
    ...(match.method ? [`method ${match.method}`] : []),
    ...(match.queryParameters ?? []).map(queryMatch),
    ...(match.scheme ? [`scheme ${match.scheme}`] : []),
    ...(match.port === undefined ? [] : [`port ${match.port}`]),
    ...priority,
  ];
  const badges = [...retryBadge(route.retryPolicy), ...timeoutBadges(route.timeout)];
  return { details, badges, targets: route.action?.weightedTargets ?? [] };
}

function grpcSummary(route: GrpcRoute, priority: string[]): RouteSummary {
  const match = route.match ?? {};
  const details = [
    "grpc",
    ...(match.serviceName ? [`service ${match.serviceName}`] : []),
    ...(match.methodName ? [`method ${match.methodName}`] : []),
    ...(match.metadata ?? []).map((m) => valueMatch("metadata", m.name, m.match, m.invert)),
    ...(match.port === undefined ? [] : [`port ${match.port}`]),
    ...priority,
  ];
  const badges = [...retryBadge(route.retryPolicy), ...timeoutBadges(route.timeout)];
  return { details, badges, targets: route.action?.weightedTargets ?? [] };
}

function tcpSummary(route: TcpRoute, priority: string[]): RouteSummary {
  const port = route.match?.port;
  const details = ["tcp", ...(port === undefined ? [] : [`port ${port}`]), ...priority];
  return { details, badges: timeoutBadges(route.timeout), targets: route.action?.weightedTargets ?? [] };
}

/** `retry 2x 500ms`: how many retries, each with how long. */
function retryBadge(policy: { maxRetries?: number; perRetryTimeout?: Duration } | undefined): string[] {
  return policy ? [`retry ${policy.maxRetries ?? 0}x ${duration(policy.perRetryTimeout)}`] : [];
}

/** `timeout 5s` (per request) and `idle 300s`; a TCP route has only the idle one. */
function timeoutBadges(timeout: { perRequest?: Duration; idle?: Duration } | undefined): string[] {
  return [
    ...(timeout?.perRequest ? [`timeout ${duration(timeout.perRequest)}`] : []),
    ...(timeout?.idle ? [`idle ${duration(timeout.idle)}`] : []),
  ];
}
