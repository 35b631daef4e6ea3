/**
 * Istio's matching and weighting rules, on a set of Istio objects (an export, or any configuration):
 *
 * - from inside the mesh, the request goes by the VirtualService bound to the mesh (no `gateways`, or
 *   `mesh` among them) whose hosts hold its host (exactly, by a `*.` wildcard, or a short name in the
 *   VirtualService's namespace); through a gateway, by those bound to that Gateway, if one of its
 *   servers listens on the request's port;
 * - HTTP routes are tried in order and the first whose match holds (any of its match blocks, all
 *   conditions of a block; none: everything) takes the request; TCP routes by port;
 * - destinations keep their weights (one without a weight has 100); a DestinationRule annotated with
 *   `export.mesh/virtual-nodes` says which virtual node a host (or subset) is.
 */
import type { Decision, Evaluator, RouteRequest, Target } from "./decision.js";
import { fullMatch, type ParsedRequest, parseRequest } from "./request.js";

type Json = Record<string, unknown>;
interface IstioObject {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string; namespace?: string; annotations?: Record<string, string> };
  spec?: Json;
}

const VIRTUAL_NODES = "export.mesh/virtual-nodes";

export function istioEvaluator(objects: unknown[]): Evaluator {
  const all = objects as IstioObject[];
  const of = (kind: string) => all.filter((o) => o.apiVersion?.startsWith("networking.istio.io/") && o.kind === kind);
  const services = of("VirtualService");
  const gateways = of("Gateway");
  const nodes = virtualNodes(of("DestinationRule"));
  return (input: RouteRequest): Decision => {
    const request = parseRequest(input);
    let bound: IstioObject[];
    if (request.gateway !== undefined) {
      const gateway = gateways.find((g) => g.metadata?.name === request.gateway);
      if (!gateway) return { noMatch: `no Gateway ${request.gateway}` };
      const servers = (gateway.spec?.servers as { port?: { number?: number } }[] | undefined) ?? [];
      if (!servers.some((s) => s.port?.number === request.port)) {
        return { noMatch: `Gateway ${request.gateway} has no server on port ${request.port}` };
      }
      bound = services.filter((vs) => gatewaysOf(vs).some((name) => sameObject(name, gateway, vs)));
    } else {
      bound = services.filter((vs) => gatewaysOf(vs).length === 0 || gatewaysOf(vs).includes("mesh"));
    }
    const service = bound.find((vs) =>
      ((vs.spec?.hosts as string[] | undefined) ?? []).some((h) => hostMatches(h, request.host, vs)),
    );
    if (!service)
      return {
        noMatch: `no VirtualService for ${request.host}${request.gateway ? ` on Gateway ${request.gateway}` : ""}`,
      };
    const name = service.metadata?.name ?? "";
    const namespace = service.metadata?.namespace ?? "default";
    const targets = (route: Json) =>
      ((route.route as Json[] | undefined) ?? []).map((d, _, list) => target(d, list.length, namespace, nodes));
    if (request.scheme === "tcp") {
      const tcp = ((service.spec?.tcp as Json[] | undefined) ?? []).find((route) => {
        const matches = (route.match as { port?: number }[] | undefined) ?? [];
        return !matches.length || matches.some((m) => m.port === undefined || m.port === request.port);
      });
      return tcp
        ? { virtualService: name, targets: targets(tcp) }
        : { noMatch: `no TCP route of ${name} takes port ${request.port}` };
    }
    for (const route of (service.spec?.http as Json[] | undefined) ?? []) {
      const matches = (route.match as Json[] | undefined) ?? [{}];
      const matched = matches.find((m) => matchHolds(m, request));
      if (!matched) continue;
      const routeName = typeof route.name === "string" ? route.name : undefined;
      const direct = route.directResponse as { status?: number } | undefined;
      if (direct) return { noMatch: `route ${routeName ?? "(unnamed)"} of ${name} answers ${direct.status} itself` };
      const rewrite = rewritten(route.rewrite as Json | undefined, matched, request);
      return {
        virtualService: name,
        ...(routeName ? { route: routeName } : {}),
        targets: targets(route),
        ...(rewrite ? { rewrite } : {}),
      };
    }
    return { noMatch: `no route of VirtualService ${name} matches` };
  };
}

function gatewaysOf(vs: IstioObject): string[] {
  return (vs.spec?.gateways as string[] | undefined) ?? [];
}

/** A VirtualService names a Gateway as `name` (in its own namespace) or `namespace/name`. */
function sameObject(reference: string, gateway: IstioObject, from: IstioObject): boolean {
  const [namespace, name] = reference.includes("/")
    ? reference.split("/")
    : [from.metadata?.namespace ?? "default", reference];
  return name === gateway.metadata?.name && namespace === (gateway.metadata?.namespace ?? "default");
}

function hostMatches(pattern: string, host: string, vs: IstioObject): boolean {
  if (pattern === "*") return true;
  if (pattern.startsWith("*.")) return host.endsWith(pattern.slice(1));
  if (!pattern.includes(".")) return host === `${pattern}.${vs.metadata?.namespace ?? "default"}.svc.cluster.local`;
  return pattern === host;
}

function stringHolds(condition: Json | undefined, value: string | undefined): boolean {
  if (value === undefined) return false;
  if (!condition || Object.keys(condition).length === 0) return true;
  if (typeof condition.exact === "string") return value === condition.exact;
  if (typeof condition.prefix === "string") return value.startsWith(condition.prefix);
  if (typeof condition.regex === "string") return fullMatch(condition.regex, value);
  return false;
}

function matchHolds(match: Json, request: ParsedRequest): boolean {
  const uri = match.uri as Json | undefined;
  if (uri && !stringHolds(uri, request.path)) return false;
  if (match.method && !stringHolds(match.method as Json, request.method)) return false;
  if (match.scheme && !stringHolds(match.scheme as Json, request.scheme)) return false;
  if (match.authority && !stringHolds(match.authority as Json, request.authority)) return false;
  if (typeof match.port === "number" && match.port !== request.port) return false;
  for (const [name, condition] of Object.entries((match.headers as Record<string, Json> | undefined) ?? {})) {
    if (!stringHolds(condition, request.headers.get(name.toLowerCase()))) return false;
  }
  for (const [name, condition] of Object.entries((match.withoutHeaders as Record<string, Json> | undefined) ?? {})) {
    if (stringHolds(condition, request.headers.get(name.toLowerCase()))) return false;
  }
  for (const [name, condition] of Object.entries((match.queryParams as Record<string, Json> | undefined) ?? {})) {
    if (!stringHolds(condition, request.query.get(name) ?? undefined)) return false;
  }
  return true;
}

/** The path and authority after the route's rewrite: a prefix match has its prefix replaced, any other the whole path. */
function rewritten(
  rewrite: Json | undefined,
  match: Json,
  request: ParsedRequest,
): { path?: string; authority?: string } | undefined {
  if (!rewrite) return undefined;
  const out: { path?: string; authority?: string } = {};
  if (typeof rewrite.uri === "string") {
    const prefix = (match.uri as Json | undefined)?.prefix;
    out.path = typeof prefix === "string" ? rewrite.uri + request.path.slice(prefix.length) : rewrite.uri;
  }
  if (typeof rewrite.authority === "string") out.authority = rewrite.authority;
  return out;
}

function target(destination: Json, count: number, namespace: string, nodes: Map<string, string>): Target {
  const d = destination.destination as { host: string; subset?: string; port?: { number?: number } };
  const host = d.host.includes(".") ? d.host : `${d.host}.${namespace}.svc.cluster.local`;
  const node = nodes.get(`${d.host}|${d.subset ?? ""}`);
  return {
    host,
    ...(d.port?.number === undefined ? {} : { port: d.port.number }),
    ...(d.subset ? { subset: d.subset } : {}),
    ...(node ? { virtualNode: node } : {}),
    weight: typeof destination.weight === "number" ? destination.weight : count === 1 ? 100 : 0,
  };
}

/** `host|subset` → virtual node, from the DestinationRules' annotations. */
function virtualNodes(rules: IstioObject[]): Map<string, string> {
  const nodes = new Map<string, string>();
  for (const rule of rules) {
    let named: Record<string, string> = {};
    try {
      named = JSON.parse(rule.metadata?.annotations?.[VIRTUAL_NODES] ?? "{}") as Record<string, string>;
    } catch {
      // not an export's annotation: no virtual node names
    }
    for (const [subset, node] of Object.entries(named)) nodes.set(`${rule.spec?.host}|${subset}`, node);
  }
  return nodes;
}
