/** The words every renderer puts on a node or an edge, so the formats say the same things. */
import { type GraphEdge, type GraphNode, KIND_LABELS } from "../model.js";

/** A box's lines: kind, name, details, badges, then what is wrong. */
export function nodeLines(node: GraphNode): string[] {
  return [
    KIND_LABELS[node.kind],
    node.name,
    ...(node.details.length ? [node.details.join(" · ")] : []),
    ...(node.badges.length ? [badges(node)] : []),
    ...(node.missing ? ["✗ missing"] : []),
    ...node.problems.map((problem) => `✗ ${problem}`),
  ];
}

export function badges(node: GraphNode): string {
  return node.badges.map((badge) => `[${badge}]`).join(" ");
}

/** An arrow's lines: the weight, port or relation, then the problem. Containment needs no words. */
export function edgeLines(edge: GraphEdge): string[] {
  const relation = edge.relation === "provider" || edge.relation === "backend" ? [edge.relation] : [];
  return [...(edge.label === undefined ? relation : [edge.label]), ...(edge.problem ? [`✗ ${edge.problem}`] : [])];
}
