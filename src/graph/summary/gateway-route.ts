/** What a gateway route shows: its protocol and match, priority, and the virtual service it targets. */
import type {
  GatewayRouteHostnameMatch,
  GatewayRouteSpec,
  GatewayRouteTarget,
  GrpcGatewayRoute,
  HttpGatewayRoute,
} from "@aws-sdk/client-app-mesh";
import { pathMatch, queryMatch, valueMatch } from "./match.js";

export interface GatewayRouteSummary {
  details: string[];
  target: GatewayRouteTarget | undefined;
}

export function gatewayRouteSummary(spec: GatewayRouteSpec): GatewayRouteSummary {
  const priority = spec.priority === undefined ? [] : [`priority ${spec.priority}`];
  if (spec.httpRoute) return httpSummary("http", spec.httpRoute, priority);
  if (spec.http2Route) return httpSummary("http2", spec.http2Route, priority);
  if (spec.grpcRoute) {
    return { details: ["grpc", ...grpcMatch(spec.grpcRoute), ...priority], target: spec.grpcRoute.action?.target };
  }
  return { details: priority, target: undefined };
}

function httpSummary(protocol: string, route: HttpGatewayRoute, priority: string[]): GatewayRouteSummary {
  return { details: [protocol, ...httpMatch(route), ...priority], target: route.action?.target };
}

function httpMatch(route: HttpGatewayRoute): string[] {
  const match = route.match ?? {};
  return [
    ...(match.prefix === undefined ? [] : [`prefix ${match.prefix}`]),
    ...(match.path ? [pathMatch(match.path)] : []),
    ...hostnameMatch(match.hostname),
    ...(match.headers ?? []).map((h) => valueMatch("header", h.name, h.match, h.invert)),
    ...(match.method ? [`method ${match.method}`] : []),
    ...(match.queryParameters ?? []).map(queryMatch),
    ...(match.port === undefined ? [] : [`port ${match.port}`]),
  ];
}

function grpcMatch(route: GrpcGatewayRoute): string[] {
  const match = route.match ?? {};
  return [
    ...(match.serviceName ? [`service ${match.serviceName}`] : []),
    ...hostnameMatch(match.hostname),
    ...(match.metadata ?? []).map((m) => valueMatch("metadata", m.name, m.match, m.invert)),
    ...(match.port === undefined ? [] : [`port ${match.port}`]),
  ];
}

function hostnameMatch(hostname: GatewayRouteHostnameMatch | undefined): string[] {
  if (hostname?.exact !== undefined) return [`host ${hostname.exact}`];
  if (hostname?.suffix !== undefined) return [`host *${hostname.suffix}`];
  return [];
}
