/**
 * The picture of a mesh as data: one node per resource (plus a placeholder for each resource that is
 * referenced but missing) and one edge per reference. Renderers only lay this out; every fact they
 * show (summaries, badges, problems) is decided here, so all formats agree. `--format json` prints it.
 */

export const NODE_KINDS = [
  "virtualGateway",
  "gatewayRoute",
  "virtualService",
  "virtualRouter",
  "route",
  "virtualNode",
] as const;

export type NodeKind = (typeof NODE_KINDS)[number];

export const KIND_LABELS: Record<NodeKind, string> = {
  virtualGateway: "virtual gateway",
  gatewayRoute: "gateway route",
  virtualService: "virtual service",
  virtualRouter: "virtual router",
  route: "route",
  virtualNode: "virtual node",
};

export interface GraphNode {
  /** `kind:name`, or `kind:parent/name` for routes and gateway routes. */
  id: string;
  kind: NodeKind;
  name: string;
  /** The virtual router of a route, the virtual gateway of a gateway route. */
  parent?: string;
  /** Facts in reading order: protocol and match, listeners, service discovery, priority. */
  details: string[];
  /** Policies worth seeing at a glance: retry, timeout, health check, TLS, outlier detection. */
  badges: string[];
  /** Referenced by another resource, but not in the mesh: drawn so the dangling reference shows. */
  missing: boolean;
  /** What is wrong with the resource itself (a router with no routes). */
  problems: string[];
}

/**
 * `contains`: a gateway's gateway routes, a router's routes. `target`: where a route or gateway route
 * sends requests. `provider`: what serves a virtual service. `backend`: a virtual node's outbound service.
 */
export type Relation = "contains" | "target" | "provider" | "backend";

export interface GraphEdge {
  from: string;
  to: string;
  relation: Relation;
  /** A weight (`90%`), a port (`:8080`) or nothing. */
  label?: string;
  /** Why the reference dangles, when it does. */
  problem?: string;
}

export interface MeshGraph {
  mesh: string;
  /** By kind, in traffic order (gateway first, virtual node last), then by id. */
  nodes: GraphNode[];
  edges: GraphEdge[];
}

export function nodeId(kind: NodeKind, name: string, parent?: string): string {
  return parent === undefined ? `${kind}:${name}` : `${kind}:${parent}/${name}`;
}

/** The resource whose spec makes the reference: a route names its router, other edges start at the referrer. */
function referrer(edge: GraphEdge): string {
  return edge.relation === "contains" ? edge.to : edge.from;
}

/** Every problem in the graph, one line each, in node then edge order. */
export function problemsOf(graph: MeshGraph): string[] {
  const byId = new Map(graph.nodes.map((node) => [node.id, node]));
  const title = (id: string) => {
    const node = byId.get(id);
    return node ? `${KIND_LABELS[node.kind]} ${node.name}` : id;
  };
  return [
    ...graph.nodes.flatMap((node) => node.problems.map((problem) => `${title(node.id)}: ${problem}`)),
    ...graph.edges.flatMap((edge) => (edge.problem ? [`${title(referrer(edge))}: ${edge.problem}`] : [])),
  ];
}
