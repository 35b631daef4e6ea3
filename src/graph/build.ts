/**
 * Mesh snapshot → graph. First one node per resource, then one edge per reference; a reference to a
 * resource that is not there gets a placeholder node (`missing`) and a `problem` on its edge, so a
 * dangling route, provider, gateway target or backend is drawn rather than dropped.
 */
import type { WeightedTarget } from "@aws-sdk/client-app-mesh";
import type { MeshSnapshot } from "../snapshot/snapshot.js";
import {
  type GraphEdge,
  type GraphNode,
  KIND_LABELS,
  type MeshGraph,
  NODE_KINDS,
  type NodeKind,
  nodeId,
} from "./model.js";
import { gatewayRouteSummary } from "./summary/gateway-route.js";
import { discoverySummary, listenerPorts, listenerSummary } from "./summary/listener.js";
import { routeSummary } from "./summary/route.js";

export function buildGraph(resources: MeshSnapshot): MeshGraph {
  const graph = new GraphBuilder(resources.mesh);
  const gatewayRoutes = byPriority(resources.gatewayRoutes).map((r) => ({ ...r, ...gatewayRouteSummary(r.spec) }));
  const routes = byPriority(resources.routes).map((route) => ({ ...route, ...routeSummary(route.spec) }));
  const services = byName(resources.virtualServices);
  const nodes = byName(resources.virtualNodes);

  for (const { name, spec } of byName(resources.virtualGateways)) {
    graph.add("virtualGateway", name, listenerSummary(spec.listeners));
  }
  for (const { name, parent, details } of gatewayRoutes) {
    graph.add("gatewayRoute", name, { details, badges: [] }, ["virtualGateway", parent]);
  }
  for (const { name } of services) graph.add("virtualService", name);
  for (const { name, spec } of byName(resources.virtualRouters)) {
    graph.add("virtualRouter", name, listenerSummary(spec.listeners));
    if (!routes.some((route) => route.parent === name)) graph.problem(nodeId("virtualRouter", name), "no routes");
  }
  for (const { name, parent, details, badges } of routes) {
    graph.add("route", name, { details, badges }, ["virtualRouter", parent]);
  }
  for (const { name, spec } of nodes) {
    const listeners = listenerSummary(spec.listeners);
    const details = [...listeners.details, ...discoverySummary(spec.serviceDiscovery)];
    graph.add("virtualNode", name, { details, badges: listeners.badges });
  }

  for (const { name, parent, target } of gatewayRoutes) {
    const id = graph.link(["virtualGateway", parent], nodeId("gatewayRoute", name, parent), "contains");
    const service = target?.virtualService?.virtualServiceName;
    if (service !== undefined) graph.link(id, ["virtualService", service], "target", portLabel(target?.port));
  }
  for (const { name, spec } of services) {
    const node = spec.provider?.virtualNode?.virtualNodeName;
    const router = spec.provider?.virtualRouter?.virtualRouterName;
    if (node !== undefined) graph.link(nodeId("virtualService", name), ["virtualNode", node], "provider");
    if (router !== undefined) graph.link(nodeId("virtualService", name), ["virtualRouter", router], "provider");
  }
  const listenersOf = new Map(nodes.map((node) => [node.name, listenerPorts(node.spec.listeners)]));
  for (const { name, parent, targets } of routes) {
    const id = graph.link(["virtualRouter", parent], nodeId("route", name, parent), "contains");
    for (const target of targets) {
      if (target.virtualNode === undefined) continue;
      const ports = listenersOf.get(target.virtualNode);
      const problem =
        target.port !== undefined && ports && !ports.includes(target.port)
          ? `virtual node ${target.virtualNode} has no listener on port ${target.port}`
          : undefined;
      graph.link(id, ["virtualNode", target.virtualNode], "target", targetLabel(target, targets), problem);
    }
  }
  for (const { name, spec } of nodes) {
    for (const backend of spec.backends ?? []) {
      const service = backend.virtualService?.virtualServiceName;
      if (service !== undefined) graph.link(nodeId("virtualNode", name), ["virtualService", service], "backend");
    }
  }
  return graph.result();
}

/** A node named by kind and name: an edge end that may be missing, or a route's parent. */
type Ref = [kind: NodeKind, name: string];

class GraphBuilder {
  private readonly nodes = new Map<string, GraphNode>();
  private readonly edges: GraphEdge[] = [];

  constructor(private readonly mesh: string) {}

  add(kind: NodeKind, name: string, facts = { details: [] as string[], badges: [] as string[] }, parent?: Ref): void {
    const id = nodeId(kind, name, parent?.[1]);
    const parentId = parent ? { parent: nodeId(...parent) } : {};
    this.nodes.set(id, { id, kind, name, ...parentId, ...facts, missing: false, problems: [] });
  }

  problem(id: string, problem: string): void {
    this.nodes.get(id)?.problems.push(problem);
  }

  /**
   * An edge between two nodes; an end given as a Ref that is not in the mesh becomes a missing node,
   * and the edge says so. Returns the `to` end's id.
   */
  link(
    from: string | Ref,
    to: string | Ref,
    relation: GraphEdge["relation"],
    label?: string,
    problem?: string,
  ): string {
    const [fromId, fromProblem] = this.resolve(from);
    const [toId, toProblem] = this.resolve(to);
    const edge: GraphEdge = { from: fromId, to: toId, relation };
    if (label !== undefined) edge.label = label;
    const why = fromProblem ?? toProblem ?? problem;
    if (why !== undefined) edge.problem = why;
    this.edges.push(edge);
    return toId;
  }

  result(): MeshGraph {
    const rank = (node: GraphNode) => NODE_KINDS.indexOf(node.kind);
    const nodes = [...this.nodes.values()].sort((a, b) => rank(a) - rank(b) || compare(a.id, b.id));
    return { mesh: this.mesh, nodes, edges: this.edges };
  }

  private resolve(end: string | Ref): [id: string, problem?: string] {
    if (typeof end === "string") return [end];
    const [kind, name] = end;
    const id = nodeId(kind, name);
    if (this.nodes.get(id)?.missing === false) return [id];
    if (!this.nodes.has(id)) {
      this.nodes.set(id, { id, kind, name, details: [], badges: [], missing: true, problems: [] });
    }
    return [id, `${KIND_LABELS[kind]} ${name} does not exist`];
  }
}

/** `90%` when the weights add up to 100 (the usual case), else the share as `1/3`. */
function targetLabel(target: WeightedTarget, all: WeightedTarget[]): string {
  const total = all.reduce((sum, t) => sum + (t.weight ?? 0), 0);
  const weight = total === 100 ? `${target.weight}%` : `${target.weight}/${total}`;
  return target.port === undefined ? weight : `${weight} ${portLabel(target.port)}`;
}

function portLabel(port: number | undefined): string | undefined {
  return port === undefined ? undefined : `:${port}`;
}

function byName<T extends { name: string }>(resources: T[]): T[] {
  return [...resources].sort((a, b) => compare(a.name, b.name));
}

/** Routes in the order they match: by parent, then priority (0 first, none last), then name. */
function byPriority<T extends { name: string; parent: string; spec: { priority?: number } }>(routes: T[]): T[] {
  const priority = (route: T) => route.spec.priority ?? Number.POSITIVE_INFINITY;
  return [...routes].sort(
    (a, b) => compare(a.parent, b.parent) || priority(a) - priority(b) || compare(a.name, b.name),
  );
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
