/**
 * What a virtual node's proxy would do with a request, without sending it: the mesh translated as for
 * the proxy, then the proxy's own filter-chain choice and route table (the same code, not a second
 * reading of App Mesh's rules). The decision names the virtual service, the route and why it won (the
 * routes before it and why they did not match), the targets with their weights and Envoy names; or
 * the local reply and the mesh object that decided it.
 */

import type { MeshSnapshot } from "../../snapshot/snapshot.js";
import type { Cluster } from "../envoy/cluster.js";
import type { EnvoyConfig } from "../envoy/config.js";
import { HTTP_CONNECTION_MANAGER, type Listener } from "../envoy/listener.js";
import { meshObjectOf } from "../envoy/mesh-object.js";
import type { RouteAction } from "../envoy/route.js";
import { selectChain } from "../proxy/filter-chains.js";
import type { RoutableRequest } from "../proxy/matchers.js";
import { normalizePath } from "../proxy/path.js";
import { rewritePath } from "../proxy/rewrite.js";
import { type CompiledRoute, RouteTable } from "../proxy/route-table.js";
import { appMeshPlacement } from "../translate/placement.js";
import { translate } from "../translate/translate.js";

export interface ExplainRequest {
  method: string;
  /** `http://colors.local:8080/path?x=1` */
  url: string;
  /** Lower-case names. */
  headers: Record<string, string>;
}

export interface Target {
  virtualNode: string;
  port?: number;
  weight: number;
  /** Envoy's cluster name. */
  cluster: string;
}

export interface Skipped {
  route: string;
  why: string;
}

export type Decision =
  | {
      kind: "route";
      virtualService: string;
      provider: string;
      route: string;
      /** `mesh/colors/virtualRouter/colors-router/route/beta` */
      object: string;
      position: number;
      match: string;
      skipped: Skipped[];
      targets: Target[];
      timeout: string;
      retryPolicy: string;
      routeConfiguration: string;
      /** Through a virtual gateway: the gateway route that took the request, and the request it sent on. */
      gateway?: { gatewayRoute: string; object: string; path: string; authority: string };
    }
  | { kind: "passthrough"; destination: string; decidedBy: string; skipped: Skipped[] }
  | { kind: "local-reply"; status: number; flags: string; decidedBy: string; skipped: Skipped[] };

export class ExplainError extends Error {
  override readonly name = "ExplainError";
}

/** Whose proxy routes the request: a virtual node's sidecar (its egress), or a virtual gateway. */
export interface Origin {
  kind: "virtualNode" | "virtualGateway";
  name: string;
}

export function explain(snapshot: MeshSnapshot, from: Origin | string, request: ExplainRequest): Decision {
  const origin: Origin = typeof from === "string" ? { kind: "virtualNode", name: from } : from;
  const list = origin.kind === "virtualNode" ? snapshot.virtualNodes : snapshot.virtualGateways;
  if (!list.some((resource) => resource.name === origin.name)) {
    const label = origin.kind === "virtualNode" ? "virtual node" : "virtual gateway";
    const known = list.map((resource) => resource.name).join(", ") || "none";
    throw new ExplainError(`mesh ${snapshot.mesh} has no ${label} ${origin.name} (it has: ${known})`);
  }
  const url = parseUrl(request.url);
  const config = translate({
    snapshot,
    proxy: origin,
    placement: appMeshPlacement((node) => ({ type: "dns", hostname: node, responseType: "LOADBALANCER" })),
  });
  const proxy = new ExplainedProxy(config);
  const path = normalizePath(url.path) ?? url.path;
  const routable: RoutableRequest = {
    authority: url.authority,
    path,
    method: request.method,
    scheme: url.scheme,
    header: (name) => request.headers[name],
  };
  if (origin.kind === "virtualNode") {
    const { compiled: _, ...decision } = proxy.route(proxy.egress(), routable);
    return decision;
  }
  // A gateway: its listener's gateway routes rewrite the request, then its egress routes it on.
  const port = Number(/:(\d+)$/.exec(url.authority)?.[1] ?? (url.scheme === "https" ? 443 : 80));
  const listeners = config.listeners.filter((listener) => listener.traffic_direction === "INBOUND");
  const listener =
    listeners.length === 1
      ? listeners[0]
      : listeners.find((l) => l.filter_chains[0]?.filter_chain_match?.destination_port === port);
  if (!listener) {
    const ports = listeners.map((l) => l.filter_chains[0]?.filter_chain_match?.destination_port).join(", ");
    throw new ExplainError(`virtual gateway ${origin.name} has no listener on port ${port} (it listens on ${ports})`);
  }
  const first = proxy.route(listener, routable);
  if (first.kind !== "route" || !first.compiled) return first;
  const rewritten = proxy.rewrite(first.compiled, routable);
  const { compiled: _, ...next } = proxy.route(proxy.egress(), rewritten);
  if (next.kind !== "route") return next;
  return {
    ...next,
    gateway: { gatewayRoute: first.route, object: first.object, path: rewritten.path, authority: rewritten.authority },
  };
}

/** The routing pieces of one translated proxy, as the proxy itself uses them. */
class ExplainedProxy {
  private readonly tables: Map<string, RouteTable>;

  constructor(private readonly config: EnvoyConfig) {
    this.tables = new Map(config.routeConfigurations.map((route) => [route.name, new RouteTable(route)]));
  }

  egress(): Listener {
    return this.config.listeners.find(
      (listener) =>
        listener.traffic_direction === "OUTBOUND" &&
        listener.filter_chains.every((c) => c.filters[0]?.name === HTTP_CONNECTION_MANAGER),
    ) as Listener;
  }

  /** What a gateway route does to the request: Host, path, headers. */
  rewrite(route: CompiledRoute, request: RoutableRequest): RoutableRequest {
    const added = new Map(
      (route.config.request_headers_to_add ?? []).map(({ header }) => [header.key.toLowerCase(), header.value]),
    );
    return {
      ...request,
      authority: route.action?.host_rewrite_literal ?? request.authority,
      path: rewritePath(route, request.path),
      header: (name) => added.get(name) ?? request.header(name),
    };
  }

  route(listener: Listener, request: RoutableRequest): Decision & { compiled?: CompiledRoute } {
    const chains = listener.filter_chains.map((chain) => ({ port: chain.filter_chain_match?.destination_port, chain }));
    const chain = selectChain(chains, listener.default_filter_chain, request.authority, (c) => this.tableOf(c));
    const mesh = meshObjectOf(listener.metadata);
    const table = chain && this.tableOf(chain);
    if (!table) {
      return {
        kind: "local-reply",
        status: 404,
        flags: "NR",
        decidedBy: `${mesh?.object} (${mesh?.reason})`,
        skipped: [],
      };
    }
    const result = table.route(request);
    if (result.kind === "no-host") {
      const host = request.authority.replace(/:\d+$/, "");
      const why = table.mesh?.unresolved?.[host] ?? table.mesh?.reason ?? `no virtual host for ${request.authority}`;
      return {
        kind: "local-reply",
        status: 404,
        flags: "NR",
        decidedBy: `${table.mesh?.object} (${why})`,
        skipped: [],
      };
    }
    const winner = result.kind === "route" ? result.route.index : Number.POSITIVE_INFINITY;
    const skipped = skippedRoutes(result.host.routes, winner, request);
    if (result.kind === "no-route") {
      const reason = result.host.mesh?.reason ? `no route matches; ${result.host.mesh.reason}` : "no route matches";
      return {
        kind: "local-reply",
        status: 404,
        flags: "NR",
        decidedBy: `${result.host.mesh?.object} (${reason})`,
        skipped,
      };
    }
    const { route, host } = result;
    const action = route.action as RouteAction;
    if (host.config.name === "allow_all") {
      return {
        kind: "passthrough",
        destination: request.authority,
        decidedBy: `${route.mesh?.object} (egress filter ALLOW_ALL)`,
        skipped,
      };
    }
    return {
      kind: "route",
      virtualService: host.config.name,
      provider: host.mesh?.object ?? "",
      route: route.config.name ?? "",
      object: route.mesh?.object ?? "",
      position: route.index + 1,
      match: describeMatch(route),
      skipped,
      targets: targetsOf(action, this.config.clusters),
      timeout: action.timeout ?? "15s",
      retryPolicy: action.retry_policy
        ? `${action.retry_policy.num_retries} retries on ${action.retry_policy.retry_on}${action.retry_policy.retriable_status_codes ? ` (${action.retry_policy.retriable_status_codes.join(", ")})` : ""}`
        : "none",
      routeConfiguration: table.config.name,
      compiled: route,
    };
  }

  private tableOf(chain: Listener["filter_chains"][number]): RouteTable | undefined {
    const filter = chain.filters[0];
    if (filter?.name !== HTTP_CONNECTION_MANAGER) return undefined;
    const hcm = filter.typed_config;
    return hcm.route_config ? new RouteTable(hcm.route_config) : this.tables.get(hcm.rds?.route_config_name ?? "");
  }
}

function skippedRoutes(routes: CompiledRoute[], winner: number, request: RoutableRequest): Skipped[] {
  return routes
    .filter((route) => route.index < winner)
    .map((route) => ({ route: route.config.name ?? `#${route.index + 1}`, why: route.mismatch(request) ?? "" }));
}

function describeMatch(route: CompiledRoute): string {
  const match = route.config.match;
  const parts = [
    match.path !== undefined
      ? `path ${match.path}`
      : match.safe_regex
        ? `path ~ ${match.safe_regex.regex}`
        : `prefix ${match.prefix ?? "/"}`,
    ...(match.headers ?? []).map(
      (h) =>
        `${h.invert_match ? "not " : ""}${h.name} ${h.string_match ? JSON.stringify(h.string_match) : h.range_match ? `in [${h.range_match.start}, ${h.range_match.end})` : "present"}`,
    ),
    ...(match.query_parameters ?? []).map(
      (q) => `?${q.name}${q.string_match?.exact !== undefined ? `=${q.string_match.exact}` : ""}`,
    ),
  ];
  return parts.join(", ");
}

/** The route's clusters as virtual nodes (from each cluster's mesh object) and ports (the end of its name). */
function targetsOf(action: RouteAction, clusters: readonly Cluster[]): Target[] {
  const weighted =
    action.weighted_clusters?.clusters ?? (action.cluster ? [{ name: action.cluster, weight: 100 }] : []);
  return weighted.map(({ name, weight }) => {
    const object = meshObjectOf(clusters.find((cluster) => cluster.name === name)?.metadata)?.object ?? "";
    const port = /_(\d+)$/.exec(name)?.[1];
    return {
      virtualNode: object.slice(object.lastIndexOf("/") + 1) || name,
      ...(port ? { port: Number(port) } : {}),
      weight,
      cluster: name,
    };
  });
}

function parseUrl(text: string): { scheme: "http" | "https"; authority: string; path: string } {
  const match = /^(https?):\/\/([^/?#]+)([^#]*)/i.exec(text);
  if (!match) throw new ExplainError(`not an http(s) URL: ${text}`);
  const [, scheme, authority, path] = match as unknown as [string, string, string, string];
  return { scheme: scheme.toLowerCase() as "http" | "https", authority, path: path || "/" };
}
