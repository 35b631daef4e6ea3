/**
 * Gateway API's matching and weighting rules, on a set of Gateway API objects (an export, or any
 * configuration):
 *
 * - from inside the mesh (GAMMA), the routes attached to the Service the request is addressed to
 *   (`name.namespace.svc.cluster.local`, `name.namespace`), on its port if the parentRef names one;
 *   through a gateway, the routes attached to that Gateway (to the listener on the request's port, when
 *   they name a section or port) whose hostnames hold the request's host;
 * - gRPC requests (content-type application/grpc) go by GRPCRoutes, others by HTTPRoutes, `tcp://` by
 *   TCPRoutes;
 * - of all matching rules, the most specific wins: exact path, then the longest path prefix (a prefix
 *   matches whole segments), then a method match, the most header matches, the most query parameter
 *   matches; then the route first by `namespace/name`, then the first rule (a regular expression path
 *   ranks after every prefix: its precedence is implementation-specific);
 * - backends keep their weights (default 1); a route annotated with `export.mesh/virtual-nodes` says
 *   which virtual node a backend Service is.
 */
import type { Decision, Evaluator, RouteRequest, Target } from "./decision.js";
import { fullMatch, type ParsedRequest, parseRequest } from "./request.js";

type Json = Record<string, unknown>;
interface GatewayApiObject {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string; namespace?: string; annotations?: Record<string, string> };
  spec?: Json;
}
interface ParentRef {
  group?: string;
  kind?: string;
  name?: string;
  namespace?: string;
  sectionName?: string;
  port?: number;
}
interface Candidate {
  route: GatewayApiObject;
  rule: Json;
  index: number;
  rank: number[];
  match: Json;
}

const VIRTUAL_NODES = "export.mesh/virtual-nodes";
const ROUTE_KINDS = { http: "HTTPRoute", grpc: "GRPCRoute", tcp: "TCPRoute" };

export function gatewayApiEvaluator(objects: unknown[]): Evaluator {
  const all = (objects as GatewayApiObject[]).filter((o) => o.apiVersion?.startsWith("gateway.networking.k8s.io/"));
  return (input: RouteRequest): Decision => {
    const request = parseRequest(input);
    const kind = request.scheme === "tcp" ? ROUTE_KINDS.tcp : request.grpc ? ROUTE_KINDS.grpc : ROUTE_KINDS.http;
    const attached = attachedRoutes(all, request, kind);
    if (typeof attached === "string") return { noMatch: attached };
    if (kind === ROUTE_KINDS.tcp) {
      const route = attached[0];
      const rule = ((route?.spec?.rules as Json[] | undefined) ?? [])[0];
      return route && rule ? decision(route, rule) : { noMatch: `no TCPRoute for ${request.authority}` };
    }
    const candidates: Candidate[] = [];
    for (const route of attached) {
      ((route.spec?.rules as Json[] | undefined) ?? []).forEach((rule, index) => {
        const matches = (rule.matches as Json[] | undefined) ?? [{}];
        for (const match of matches) {
          if (!holds(match, request, kind)) continue;
          candidates.push({ route, rule, index, rank: rank(match, route, request, kind), match });
        }
      });
    }
    if (!candidates.length) return { noMatch: `no ${kind} rule matches` };
    candidates.sort((a, b) => compareRanks(b.rank, a.rank) || byName(a.route, b.route) || a.index - b.index);
    const best = candidates[0] as Candidate;
    return decision(best.route, best.rule, rewriteOf(best, request));
  };
}

/** The routes of `kind` the request reaches: by the Service it is addressed to, or through its gateway. */
function attachedRoutes(all: GatewayApiObject[], request: ParsedRequest, kind: string): GatewayApiObject[] | string {
  const routes = all.filter((o) => o.kind === kind);
  const namespaceOf = (o: GatewayApiObject) => o.metadata?.namespace ?? "default";
  const refs = (route: GatewayApiObject) => (route.spec?.parentRefs as ParentRef[] | undefined) ?? [];
  if (request.gateway === undefined) {
    const service = /^([a-z0-9-]+)\.([a-z0-9-]+)(\.svc(\.cluster\.local)?)?$/.exec(request.host);
    if (!service) return `${request.host} is not a Service's name (name.namespace.svc.cluster.local)`;
    const found = routes.filter((route) =>
      refs(route).some(
        (ref) =>
          ref.kind === "Service" &&
          ref.name === service[1] &&
          (ref.namespace ?? namespaceOf(route)) === service[2] &&
          (ref.port === undefined || ref.port === request.port),
      ),
    );
    return found.length ? found : `no ${kind} is attached to the Service ${service[2]}/${service[1]}`;
  }
  const gateway = all.find((o) => o.kind === "Gateway" && o.metadata?.name === request.gateway);
  if (!gateway) return `no Gateway ${request.gateway}`;
  const listener = ((gateway.spec?.listeners as { name?: string; port?: number }[] | undefined) ?? []).find(
    (l) => l.port === request.port,
  );
  if (!listener) return `Gateway ${request.gateway} has no listener on port ${request.port}`;
  const found = routes.filter(
    (route) =>
      refs(route).some(
        (ref) =>
          (ref.kind ?? "Gateway") === "Gateway" &&
          ref.name === gateway.metadata?.name &&
          (ref.namespace ?? namespaceOf(route)) === namespaceOf(gateway) &&
          (ref.sectionName === undefined || ref.sectionName === listener.name) &&
          (ref.port === undefined || ref.port === request.port),
      ) && hostnameRank(route, request.host) !== undefined,
  );
  return found.length ? found : `no ${kind} on Gateway ${request.gateway} takes ${request.host}`;
}

/** How specifically a route's hostnames hold the host: [non-wildcard characters, characters]; undefined: they do not. */
function hostnameRank(route: GatewayApiObject, host: string): number[] | undefined {
  const hostnames = (route.spec?.hostnames as string[] | undefined) ?? [];
  if (!hostnames.length) return [0, 0];
  const ranks = hostnames.flatMap((name) => {
    if (name.startsWith("*.")) return host.endsWith(name.slice(1)) ? [[0, name.length]] : [];
    return name === host ? [[name.length, name.length]] : [];
  });
  return ranks.sort((a, b) => compareRanks(b, a))[0];
}

function holds(match: Json, request: ParsedRequest, kind: string): boolean {
  if (kind === ROUTE_KINDS.grpc) {
    const method = match.method as { type?: string; service?: string; method?: string } | undefined;
    const [, service, name] = /^\/([^/]+)\/([^/]+)$/.exec(request.path) ?? [];
    if (method?.service !== undefined && !valueHolds(method.type, method.service, service)) return false;
    if (method?.method !== undefined && !valueHolds(method.type, method.method, name)) return false;
  } else {
    const path = match.path as { type?: string; value?: string } | undefined;
    if (path && !pathHolds(path.type ?? "PathPrefix", path.value ?? "/", request.path)) return false;
    if (typeof match.method === "string" && match.method !== request.method) return false;
    for (const q of (match.queryParams as { type?: string; name: string; value: string }[] | undefined) ?? []) {
      if (!valueHolds(q.type, q.value, request.query.get(q.name) ?? undefined)) return false;
    }
  }
  for (const h of (match.headers as { type?: string; name: string; value: string }[] | undefined) ?? []) {
    if (!valueHolds(h.type, h.value, request.headers.get(h.name.toLowerCase()))) return false;
  }
  return true;
}

function valueHolds(type: string | undefined, expected: string, value: string | undefined): boolean {
  if (value === undefined) return false;
  return type === "RegularExpression" ? fullMatch(expected, value) : value === expected;
}

/** PathPrefix matches whole segments (`/api` takes `/api` and `/api/x`, not `/apix`; a trailing `/` is ignored). */
function pathHolds(type: string, value: string, path: string): boolean {
  if (type === "Exact") return path === value;
  if (type === "RegularExpression") return fullMatch(value, path);
  const prefix = value.replace(/\/+$/, "");
  return prefix === "" || path === prefix || path.startsWith(`${prefix}/`);
}

/** Precedence, highest first, as Gateway API defines it (see the file's comment). */
function rank(match: Json, route: GatewayApiObject, request: ParsedRequest, kind: string): number[] {
  const host = hostnameRank(route, request.host) ?? [0, 0];
  const headers = ((match.headers as unknown[] | undefined) ?? []).length;
  if (kind === ROUTE_KINDS.grpc) {
    const method = match.method as { service?: string; method?: string } | undefined;
    return [...host, method?.service?.length ?? 0, method?.method?.length ?? 0, headers];
  }
  const path = match.path as { type?: string; value?: string } | undefined;
  const type = path?.type ?? "PathPrefix";
  return [
    ...host,
    type === "Exact" ? 1 : 0,
    type === "PathPrefix" ? (path?.value ?? "/").replace(/\/+$/, "").length + 1 : 0,
    typeof match.method === "string" ? 1 : 0,
    headers,
    ((match.queryParams as unknown[] | undefined) ?? []).length,
  ];
}

function compareRanks(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const difference = (a[i] ?? 0) - (b[i] ?? 0);
    if (difference) return difference;
  }
  return 0;
}

function byName(a: GatewayApiObject, b: GatewayApiObject): number {
  const key = (o: GatewayApiObject) => `${o.metadata?.namespace ?? "default"}/${o.metadata?.name ?? ""}`;
  return key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0;
}

function rewriteOf(best: Candidate, request: ParsedRequest): { path?: string; authority?: string } | undefined {
  const filter = ((best.rule.filters as Json[] | undefined) ?? []).find((f) => f.type === "URLRewrite");
  const rewrite = filter?.urlRewrite as { hostname?: string; path?: Json } | undefined;
  if (!rewrite) return undefined;
  const out: { path?: string; authority?: string } = {};
  if (rewrite.hostname !== undefined) out.authority = rewrite.hostname;
  const path = rewrite.path;
  if (path?.type === "ReplaceFullPath") out.path = String(path.replaceFullPath);
  if (path?.type === "ReplacePrefixMatch") {
    const matched = String((best.match.path as Json | undefined)?.value ?? "/").replace(/\/+$/, "");
    const rest = request.path.slice(matched.length);
    const replacement = String(path.replacePrefixMatch).replace(/\/+$/, "");
    out.path = replacement + rest || "/";
  }
  return out;
}

function decision(route: GatewayApiObject, rule: Json, rewrite?: { path?: string; authority?: string }): Decision {
  const namespace = route.metadata?.namespace ?? "default";
  let nodes: Record<string, string> = {};
  try {
    nodes = JSON.parse(route.metadata?.annotations?.[VIRTUAL_NODES] ?? "{}") as Record<string, string>;
  } catch {
    // not an export's annotation: no virtual node names
  }
  const targets = (
    (rule.backendRefs as { name: string; namespace?: string; port?: number; weight?: number }[] | undefined) ?? []
  ).map((ref): Target => {
    const refNamespace = ref.namespace ?? namespace;
    const node = nodes[`${refNamespace}/${ref.name}`];
    return {
      host: `${ref.name}.${refNamespace}.svc.cluster.local`,
      ...(ref.port === undefined ? {} : { port: ref.port }),
      ...(node ? { virtualNode: node } : {}),
      weight: ref.weight ?? 1,
    };
  });
  return {
    virtualService: `${namespace}/${route.metadata?.name}`,
    ...(typeof rule.name === "string" ? { route: rule.name } : {}),
    targets,
    ...(rewrite ? { rewrite } : {}),
  };
}
