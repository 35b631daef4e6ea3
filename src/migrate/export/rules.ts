/**
 * App Mesh's routing, flattened for targets that route in one step: for each virtual service, its
 * routes in the order App Mesh tries them (snapshot/route-order.ts); for each virtual gateway, its
 * gateway routes in that order, each composed with the routes of the virtual service it sends to, as App Mesh
 * evaluates them after its rewrite. A composed rule matches on the request as it reaches the gateway.
 * What cannot be composed (a regex route behind a prefix rewrite, two path conditions) is a gap, and
 * the rule is left out rather than widened.
 */
import type {
  GatewayRouteSpec,
  GrpcRoute,
  HttpRoute,
  HttpRouteHeader,
  RouteSpec,
  TcpRoute,
} from "@aws-sdk/client-app-mesh";
import { SnapshotLookup } from "../../snapshot/lookup.js";
import { appMeshOrder } from "../../snapshot/route-order.js";
import type { ChildResource, MeshSnapshot } from "../../snapshot/snapshot.js";
import { type Ledger, resourceName } from "./ledger.js";

/** A field of the snapshot: which resource, where in its spec. */
export interface At {
  resource: string;
  path: string;
}

export interface PathMatch {
  type: "prefix" | "exact" | "regex";
  value: string;
}

export interface Rule {
  /** The route's name (a composed gateway rule: `gatewayRoute.route`). */
  name: string;
  protocol: "http" | "grpc" | "tcp";
  /** Where the route (and the gateway route) were declared: what gaps about the whole rule point at. */
  at: At[];
  path?: PathMatch & { at: At };
  grpc?: { service?: string; method?: string; at: At };
  headers: (HttpRouteHeader & { at: At })[];
  query: { name: string; exact?: string; at: At }[];
  method?: { value: string; at: At };
  scheme?: { value: string; at: At };
  port?: number;
  hostname?: { exact?: string; suffix?: string; at: At };
  targets: { virtualNode: string; weight: number; port?: number }[];
  rewrite?: { path?: string; prefix?: string; authority?: string; at: At };
  retry?: { policy: NonNullable<HttpRoute["retryPolicy"]> | NonNullable<GrpcRoute["retryPolicy"]>; at: At };
  timeout?: { perRequest?: { unit?: string; value?: number }; idle?: { unit?: string; value?: number }; at: At };
  /** A gateway route's last rule: its requests no route of the virtual service takes end here (404). */
  notFound?: boolean;
}

export interface Scope {
  /** The virtual service (a mesh scope) or virtual gateway (a gateway scope) requests are addressed to. */
  kind: "virtualService" | "virtualGateway";
  name: string;
  /** Listener ports and protocols of the scope. */
  listeners: { port: number; protocol: string }[];
  rules: Rule[];
}

const ROUTE_TYPES = ["httpRoute", "http2Route", "grpcRoute", "tcpRoute"] as const;

/** Every virtual service and virtual gateway of the snapshot, with its rules in App Mesh's order. */
export function scopesOf(snapshot: MeshSnapshot, ledger: Ledger): Scope[] {
  const lookup = new SnapshotLookup(snapshot);
  const services = snapshot.virtualServices.map((service) => serviceScope(lookup, service.name, ledger));
  const gateways = snapshot.virtualGateways.map((gateway) => {
    const listeners = (gateway.spec.listeners ?? []).map((l) => ({
      port: l.portMapping?.port ?? 0,
      protocol: l.portMapping?.protocol ?? "http",
    }));
    const routes = appMeshOrder(lookup.gatewayRoutesOf(gateway.name));
    const rules = routes.flatMap((route) => composeGatewayRoute(lookup, route, ledger));
    return { kind: "virtualGateway" as const, name: gateway.name, listeners, rules };
  });
  return [...services, ...gateways];
}

function serviceScope(lookup: SnapshotLookup, name: string, ledger: Ledger): Scope {
  const service = lookup.virtualServices.get(name);
  const at = resourceName("virtualService", name);
  const provider = service?.spec.provider;
  ledger.expressed(at, "spec.provider");
  if (provider?.virtualNode?.virtualNodeName) {
    const node = lookup.virtualNodes.get(provider.virtualNode.virtualNodeName);
    const listeners = (node?.spec.listeners ?? []).map((l) => ({
      port: l.portMapping?.port ?? 0,
      protocol: l.portMapping?.protocol ?? "http",
    }));
    const protocol = listeners[0]?.protocol === "tcp" ? "tcp" : listeners[0]?.protocol === "grpc" ? "grpc" : "http";
    const rule: Rule = {
      name: "default",
      protocol,
      at: [{ resource: at, path: "spec.provider.virtualNode" }],
      headers: [],
      query: [],
      targets: [{ virtualNode: provider.virtualNode.virtualNodeName, weight: 100 }],
    };
    return { kind: "virtualService", name, listeners, rules: [rule] };
  }
  const router = provider?.virtualRouter?.virtualRouterName ?? "";
  const listeners = (lookup.virtualRouters.get(router)?.spec.listeners ?? []).map((l) => ({
    port: l.portMapping?.port ?? 0,
    protocol: l.portMapping?.protocol ?? "http",
  }));
  ledger.expressed(resourceName("virtualRouter", router), "spec.listeners");
  const rules = appMeshOrder(lookup.routesOf(router)).flatMap((route) => {
    const rule = routeRule(route, ledger);
    return rule ? [rule] : [];
  });
  return { kind: "virtualService", name, listeners, rules };
}

/** One route as a rule, on the request as the virtual service receives it. */
function routeRule(route: ChildResource<RouteSpec>, ledger: Ledger): Rule | undefined {
  const resource = resourceName("route", route.name, route.parent);
  const type = ROUTE_TYPES.find((t) => route.spec[t]);
  if (!type) return undefined;
  ledger.expressed(resource, "spec.priority");
  const base = `spec.${type}`;
  const at = (path: string): At => ({ resource, path: `${base}.${path}` });
  const spec = route.spec[type] as HttpRoute & GrpcRoute & TcpRoute;
  ledger.expressed(resource, `${base}.action.weightedTargets`);
  const rule: Rule = {
    name: route.name,
    protocol: type === "tcpRoute" ? "tcp" : type === "grpcRoute" ? "grpc" : "http",
    at: [{ resource, path: base }],
    headers: [],
    query: [],
    targets: (spec.action?.weightedTargets ?? []).map((t) => ({
      virtualNode: t.virtualNode ?? "",
      weight: t.weight ?? 0,
      ...(t.port === undefined ? {} : { port: t.port }),
    })),
  };
  const match = spec.match as (HttpRoute["match"] & GrpcRoute["match"] & TcpRoute["match"]) | undefined;
  if (match?.port !== undefined) {
    rule.port = match.port;
    ledger.expressed(resource, `${base}.match.port`);
  }
  if (type === "grpcRoute") {
    if (match?.serviceName || match?.methodName) {
      rule.grpc = { service: match.serviceName, method: match.methodName, at: at("match") };
    }
    rule.headers = (match?.metadata ?? []).map((m, i) => ({ ...m, at: at(`match.metadata[${i}]`) }));
  } else if (type !== "tcpRoute") {
    if (match?.prefix !== undefined) rule.path = { type: "prefix", value: match.prefix, at: at("match.prefix") };
    if (match?.path?.exact !== undefined) rule.path = { type: "exact", value: match.path.exact, at: at("match.path") };
    if (match?.path?.regex !== undefined) rule.path = { type: "regex", value: match.path.regex, at: at("match.path") };
    rule.headers = (match?.headers ?? []).map((h, i) => ({ ...h, at: at(`match.headers[${i}]`) }));
    rule.query = (match?.queryParameters ?? []).map((q, i) => ({
      name: q.name ?? "",
      ...(q.match?.exact === undefined ? {} : { exact: q.match.exact }),
      at: at(`match.queryParameters[${i}]`),
    }));
    if (match?.method) rule.method = { value: match.method, at: at("match.method") };
    if (match?.scheme) rule.scheme = { value: match.scheme, at: at("match.scheme") };
  }
  if (spec.retryPolicy) rule.retry = { policy: spec.retryPolicy, at: at("retryPolicy") };
  if (spec.timeout) rule.timeout = { ...spec.timeout, at: at("timeout") };
  return rule;
}

/**
 * A gateway route, composed with the routes of the virtual service it targets: each composed rule
 * matches the request as it reaches the gateway, and carries the gateway route's rewrite.
 */
function composeGatewayRoute(lookup: SnapshotLookup, route: ChildResource<GatewayRouteSpec>, ledger: Ledger): Rule[] {
  const resource = resourceName("gatewayRoute", route.name, route.parent);
  const type = (["httpRoute", "http2Route", "grpcRoute"] as const).find((t) => route.spec[t]);
  if (!type) return [];
  ledger.expressed(resource, "spec.priority");
  const base = `spec.${type}`;
  const at = (path: string): At => ({ resource, path: `${base}.${path}` });
  const spec = route.spec[type];
  const match = spec?.match as Record<string, unknown> &
    NonNullable<NonNullable<GatewayRouteSpec["httpRoute"]>["match"]>;
  const target = spec?.action?.target;
  const serviceName = target?.virtualService?.virtualServiceName ?? "";
  ledger.expressed(resource, `${base}.action.target`);
  const gateway: Rule = {
    name: route.name,
    protocol: type === "grpcRoute" ? "grpc" : "http",
    at: [{ resource, path: base }],
    headers: ((match?.headers ?? match?.metadata ?? []) as HttpRouteHeader[]).map((h, i) => ({
      ...h,
      at: at(`match.${match?.headers ? "headers" : "metadata"}[${i}]`),
    })),
    query: (match?.queryParameters ?? []).map((q, i) => ({
      name: q.name ?? "",
      ...(q.match?.exact === undefined ? {} : { exact: q.match.exact }),
      at: at(`match.queryParameters[${i}]`),
    })),
    targets: [],
  };
  if (match?.port !== undefined) {
    gateway.port = match.port;
    ledger.expressed(resource, `${base}.match.port`);
  }
  if (match?.hostname) gateway.hostname = { ...match.hostname, at: at("match.hostname") };
  if (match?.method) gateway.method = { value: match.method, at: at("match.method") };
  if (type === "grpcRoute" && typeof match?.serviceName === "string") {
    gateway.grpc = { service: match.serviceName, at: at("match.serviceName") };
  }
  if (match?.prefix !== undefined) gateway.path = { type: "prefix", value: match.prefix, at: at("match.prefix") };
  if (match?.path?.exact !== undefined) gateway.path = { type: "exact", value: match.path.exact, at: at("match.path") };
  if (match?.path?.regex !== undefined) gateway.path = { type: "regex", value: match.path.regex, at: at("match.path") };
  const rewrite = gatewayRewrite(type, spec?.action?.rewrite as GatewayRewrite | undefined, gateway.path, serviceName);
  ledger.expressed(resource, `${base}.action.rewrite`);

  const service = serviceScope(lookup, serviceName, ledger);
  const composed = service.rules.flatMap((rule) => {
    const joined = compose(gateway, rule, rewrite, route.name, ledger);
    return joined ? [joined] : [];
  });
  // App Mesh stops at the first matching gateway route: what none of its service's routes takes is a 404.
  const notFound: Rule = { ...gateway, name: `${route.name}.not-found`, targets: [], notFound: true };
  return [...composed, notFound];
}

interface GatewayRewrite {
  hostname?: { defaultTargetHostname?: string };
  prefix?: { defaultPrefix?: string; value?: string };
  path?: { exact?: string };
}

/** How App Mesh rewrites a request a gateway route matched: the prefix (default: to `/`), an exact path, the Host. */
function gatewayRewrite(
  type: string,
  rewrite: GatewayRewrite | undefined,
  path: PathMatch | undefined,
  service: string,
): { prefix?: string; path?: string; authority?: string } {
  const out: { prefix?: string; path?: string; authority?: string } = {};
  if (rewrite?.hostname?.defaultTargetHostname !== "DISABLED") out.authority = service;
  if (type === "grpcRoute") return out;
  if (path?.type === "prefix" && rewrite?.prefix?.defaultPrefix !== "DISABLED") {
    out.prefix = rewrite?.prefix?.value ?? "/";
  }
  if (rewrite?.path?.exact !== undefined) out.path = rewrite.path.exact;
  return out;
}

/** The gateway rule and a route of its target service as one rule on the request reaching the gateway. */
function compose(
  gateway: Rule,
  route: Rule,
  rewrite: { prefix?: string; path?: string; authority?: string },
  gatewayRouteName: string,
  ledger: Ledger,
): Rule | undefined {
  const name = `${gatewayRouteName}.${route.name}`;
  const leftOut = (why: string) => {
    const at = route.at[0] as At;
    ledger.gap(
      at.resource,
      at.path,
      `through gateway route ${gatewayRouteName}: ${why}`,
      "left out of the gateway's routes",
    );
    return undefined;
  };
  if (route.protocol !== gateway.protocol)
    return leftOut(`a ${route.protocol} route behind a ${gateway.protocol} gateway route`);
  if (route.port !== undefined) return leftOut("a port match on a route behind a gateway");
  const rule: Rule = {
    ...route,
    name,
    at: [...gateway.at, ...route.at],
    headers: [...gateway.headers, ...route.headers],
    query: [...gateway.query, ...route.query],
    method: gateway.method ?? route.method,
    scheme: route.scheme,
    port: gateway.port,
    hostname: gateway.hostname,
    grpc: route.grpc ?? gateway.grpc,
  };
  if (gateway.method && route.method && gateway.method.value !== route.method.value) return undefined; // never both
  const path = composePath(gateway.path, route.path, rewrite);
  if (path === "unreachable") return undefined;
  if (path === "inexpressible")
    return leftOut("its path match cannot be combined with the gateway route's match and rewrite");
  rule.path = path.path;
  const uri = path.rewrite;
  if (uri !== undefined || rewrite.authority !== undefined) {
    rule.rewrite = {
      ...(uri?.prefix === undefined ? {} : { prefix: uri.prefix }),
      ...(uri?.path === undefined ? {} : { path: uri.path }),
      ...(rewrite.authority === undefined ? {} : { authority: rewrite.authority }),
      at: gateway.at[0] as At,
    };
  }
  return rule;
}

type ComposedPath =
  | { path?: Rule["path"]; rewrite?: { prefix?: string; path?: string } }
  | "unreachable"
  | "inexpressible";

/**
 * The path condition on the original request, and the rewrite to apply, for a gateway path match `g`
 * (rewritten as `rewrite` says) followed by a route path match `r` on the rewritten path.
 */
function composePath(g: Rule["path"], r: Rule["path"], rewrite: { prefix?: string; path?: string }): ComposedPath {
  if (rewrite.path !== undefined) {
    // The gateway matched exactly (or by regex) and the path becomes one fixed value: the route decides now.
    if (r && !pathMatches(r, rewrite.path)) return "unreachable";
    return { ...(g ? { path: g } : {}), rewrite: { path: rewrite.path } };
  }
  if (!g) return r ? { path: r } : {};
  if (!r) return { path: g, ...(rewrite.prefix === undefined ? {} : { rewrite: { prefix: rewrite.prefix } }) };
  if (g.type !== "prefix") {
    if (g.type === "exact") return pathMatches(r, g.value) ? { path: g } : "unreachable";
    return "inexpressible";
  }
  // The gateway replaced prefix G by R (R = G without a rewrite): the original path is G + rest where the
  // route sees R + rest.
  const from = g.value;
  const to = rewrite.prefix ?? g.value;
  if (r.type === "regex") return "inexpressible";
  if (r.value.startsWith(to)) {
    const original = from + r.value.slice(to.length);
    const path = { ...r, value: original };
    return rewrite.prefix === undefined
      ? { path }
      : { path, rewrite: r.type === "prefix" ? { prefix: r.value } : { path: r.value } };
  }
  if (r.type === "prefix" && to.startsWith(r.value)) {
    return { path: g, ...(rewrite.prefix === undefined ? {} : { rewrite: { prefix: rewrite.prefix } }) };
  }
  return "unreachable";
}

function pathMatches(match: PathMatch, path: string): boolean {
  if (match.type === "prefix") return path.startsWith(match.value);
  if (match.type === "exact") return path === match.value;
  return new RegExp(`^(?:${match.value})$`).test(path);
}
