/**
 * A RouteConfiguration compiled for matching: the virtual host by authority (exact domains, then
 * `*.suffix` and `prefix.*` wildcards, then `*`, as Envoy picks them), then the first route whose
 * match holds, then a weighted cluster. This is the routing function of the proxy, and `mesh explain`
 * and `mesh route-check` call the very same code.
 */
import { type MeshObject, meshObjectOf } from "../envoy/mesh-object.js";
import type { Route, RouteAction, RouteConfiguration, VirtualHost } from "../envoy/route.js";
import { type Condition, conditionsOf, type RoutableRequest } from "./matchers.js";

export class CompiledRoute {
  readonly conditions: Condition[];
  /** Cumulative weights, for the weighted pick. */
  private readonly cumulative: number[];
  private readonly names: string[];
  private readonly total: number;
  readonly mesh: MeshObject | undefined;

  constructor(
    readonly config: Route,
    readonly index: number,
  ) {
    this.conditions = conditionsOf(config.match);
    this.mesh = meshObjectOf(config.metadata);
    const clusters = config.route?.weighted_clusters?.clusters ?? [];
    let sum = 0;
    this.cumulative = clusters.map((cluster) => (sum += cluster.weight));
    this.names = clusters.map((cluster) => cluster.name);
    this.total = sum;
  }

  get action(): RouteAction | undefined {
    return this.config.route;
  }

  matches(request: RoutableRequest): boolean {
    for (const condition of this.conditions) if (!condition.test(request)) return false;
    return true;
  }

  /** Why the route does not take the request, or undefined when it does. */
  mismatch(request: RoutableRequest): string | undefined {
    return this.conditions.find((condition) => !condition.test(request))?.why(request);
  }

  /** The cluster for one request: the single one, or a weighted pick with `random` in [0, 1). */
  pickCluster(random: number): string | undefined {
    const action = this.config.route;
    if (action?.cluster !== undefined) return action.cluster;
    const point = random * this.total;
    for (let i = 0; i < this.cumulative.length; i++) if (point < (this.cumulative[i] as number)) return this.names[i];
    return undefined;
  }
}

export class CompiledHost {
  readonly routes: CompiledRoute[];
  readonly mesh: MeshObject | undefined;

  constructor(readonly config: VirtualHost) {
    this.routes = config.routes.map((route, i) => new CompiledRoute(route, i));
    this.mesh = meshObjectOf(config.metadata);
  }
}

export type RouteResult =
  | { kind: "route"; host: CompiledHost; route: CompiledRoute }
  | { kind: "no-route"; host: CompiledHost }
  | { kind: "no-host" };

export class RouteTable {
  private readonly exact = new Map<string, CompiledHost>();
  private readonly suffixes: [string, CompiledHost][] = [];
  private readonly prefixes: [string, CompiledHost][] = [];
  private readonly any: CompiledHost | undefined;
  readonly hosts: CompiledHost[];
  readonly mesh: MeshObject | undefined;

  constructor(readonly config: RouteConfiguration) {
    this.hosts = config.virtual_hosts.map((host) => new CompiledHost(host));
    this.mesh = meshObjectOf(config.metadata);
    let any: CompiledHost | undefined;
    for (const host of this.hosts) {
      for (const domain of host.config.domains.map((d) => d.toLowerCase())) {
        if (domain === "*") any ??= host;
        else if (domain.startsWith("*")) this.suffixes.push([domain.slice(1), host]);
        else if (domain.endsWith("*")) this.prefixes.push([domain.slice(0, -1), host]);
        else if (!this.exact.has(domain)) this.exact.set(domain, host);
      }
    }
    // Longest wildcard first, as Envoy prefers the most specific.
    this.suffixes.sort((a, b) => b[0].length - a[0].length);
    this.prefixes.sort((a, b) => b[0].length - a[0].length);
    this.any = any;
  }

  /** The virtual host for an authority (`colors.local` or `colors.local:8080`), if any. */
  host(authority: string): CompiledHost | undefined {
    const name = authority.toLowerCase();
    const exact = this.exact.get(name);
    if (exact) return exact;
    for (const [suffix, host] of this.suffixes) if (name.endsWith(suffix)) return host;
    for (const [prefix, host] of this.prefixes) if (name.startsWith(prefix)) return host;
    return this.any;
  }

  /** Whether some virtual host has `name` among its domains exactly. */
  hasDomain(name: string): boolean {
    return this.exact.has(name.toLowerCase());
  }

  route(request: RoutableRequest): RouteResult {
    const host = this.host(request.authority);
    if (!host) return { kind: "no-host" };
    for (const route of host.routes) if (route.matches(request)) return { kind: "route", host, route };
    return { kind: "no-route", host };
  }
}
