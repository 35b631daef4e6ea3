/**
 * `--format text`: the mesh as an indented tree that follows the requests — gateway → gateway route →
 * virtual service → provider → route → weighted virtual nodes. Each resource is drawn in full where it
 * first appears and named `(see above)` after that, so the tree has no cycles. A virtual node's backends
 * are leaves: they start new request paths, drawn from their own virtual service.
 */
import { Chalk, type ChalkInstance } from "chalk";
import { type GraphEdge, type GraphNode, KIND_LABELS, type MeshGraph, problemsOf } from "../model.js";
import { badges } from "./labels.js";

interface Item {
  node: GraphNode;
  /** How the parent item reaches this one (none for the top level). */
  edge?: GraphEdge;
  /** Already drawn higher up, or a backend: named only. */
  reference?: "above" | "backend";
  children: Item[];
}

export function renderText(graph: MeshGraph, colour: boolean): string {
  const paint = new Chalk({ level: colour ? 1 : 0 });
  const lines = [paint.bold(`mesh ${graph.mesh}`)];
  lines.push(...branches(tree(graph), "", paint));
  const problems = problemsOf(graph);
  if (problems.length) {
    lines.push("", paint.red(`✗ ${problems.length} problem${problems.length === 1 ? "" : "s"}:`));
    for (const problem of problems) lines.push(paint.red(`  ${problem}`));
  }
  return `${lines.join("\n")}\n`;
}

/**
 * The top-level items, in traffic order: gateways, then virtual services, routers and nodes that no
 * earlier item has drawn. A missing resource is drawn where it is referenced, unless it has children of
 * its own (a route whose virtual router is missing).
 */
function tree(graph: MeshGraph): Item[] {
  const byId = new Map(graph.nodes.map((node) => [node.id, node]));
  const outgoing = new Map<string, GraphEdge[]>();
  for (const edge of graph.edges) {
    const edges = outgoing.get(edge.from) ?? [];
    edges.push(edge);
    outgoing.set(edge.from, edges);
  }
  const drawn = new Set<string>();

  const expand = (node: GraphNode, edge?: GraphEdge): Item => {
    if (drawn.has(node.id)) return { node, edge, reference: "above", children: [] };
    drawn.add(node.id);
    const children = (outgoing.get(node.id) ?? []).map((child): Item => {
      const target = byId.get(child.to) as GraphNode;
      return child.relation === "backend"
        ? { node: target, edge: child, reference: "backend", children: [] }
        : expand(target, child);
    });
    return { node, edge, children };
  };

  const items: Item[] = [];
  for (const node of graph.nodes) {
    const top = node.parent === undefined && (!node.missing || outgoing.has(node.id));
    if (top && !drawn.has(node.id)) items.push(expand(node));
  }
  return items;
}

/** Items under one parent, with the box-drawing connectors of `tree(1)`. */
function branches(items: Item[], indent: string, paint: ChalkInstance): string[] {
  return items.flatMap((item, index) => {
    const last = index === items.length - 1;
    return [
      `${indent}${last ? "└─ " : "├─ "}${line(item, paint)}`,
      ...branches(item.children, `${indent}${last ? "   " : "│  "}`, paint),
    ];
  });
}

function line(item: Item, paint: ChalkInstance): string {
  const { node, edge } = item;
  const parts = [`${via(edge, paint)}${paint.bold(KIND_LABELS[node.kind])} ${node.name}`];
  if (item.reference === "above") parts.push(paint.dim("(see above)"));
  else if (item.reference !== "backend") {
    if (node.details.length) parts.push(node.details.join(" · "));
    if (node.badges.length) parts.push(paint.cyan(badges(node)));
  }
  const problems = [
    ...(edge?.problem ? [edge.problem] : node.missing ? ["missing"] : []),
    ...(item.reference ? [] : node.problems),
  ];
  if (problems.length) parts.push(paint.red(problems.map((problem) => `✗ ${problem}`).join("  ")));
  return parts.join("  ");
}

/** `90% → `, `provider → `, `backend → `; nothing for a router's routes or a gateway's gateway routes. */
function via(edge: GraphEdge | undefined, paint: ChalkInstance): string {
  if (!edge || edge.relation === "contains") return "";
  const words = edge.label ?? (edge.relation === "target" ? "" : edge.relation);
  return paint.yellow(words ? `${words} → ` : "→ ");
}
