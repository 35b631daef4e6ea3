/**
 * `--format mermaid`: a `flowchart LR` that GitHub renders in Markdown. Node ids are positional (`n0`,
 * `n1`…) because resource names may hold characters Mermaid ids cannot; labels are quoted with
 * Mermaid's `#code;` entities for the characters that would end or alter them (quotes, `#`, `&`, `<`, `>`).
 */
import type { GraphEdge, GraphNode, MeshGraph, NodeKind } from "../model.js";
import { edgeLines, nodeLines } from "./labels.js";

const SHAPES: Record<NodeKind, [open: string, close: string]> = {
  virtualGateway: ["{{", "}}"],
  gatewayRoute: ["(", ")"],
  virtualService: ["([", "])"],
  virtualRouter: ["[[", "]]"],
  route: ["(", ")"],
  virtualNode: ["[", "]"],
};

const RED = "#d33";

export function renderMermaid(graph: MeshGraph): string {
  const ids = new Map(graph.nodes.map((node, index) => [node.id, `n${index}`]));
  const id = (key: string) => ids.get(key) ?? key;
  const lines = ["flowchart LR", ...graph.nodes.map((node) => `  ${id(node.id)}${box(node)}`)];
  lines.push(...graph.edges.map((edge) => `  ${id(edge.from)} ${arrow(edge)} ${id(edge.to)}`));

  const missing = graph.nodes.filter((node) => node.missing).map((node) => id(node.id));
  const troubled = graph.nodes.filter((node) => node.problems.length).map((node) => id(node.id));
  const dangling = graph.edges.flatMap((edge, index) => (edge.problem ? [index] : []));
  if (missing.length) lines.push(`  classDef missing stroke:${RED},stroke-dasharray:5 5,color:${RED}`);
  if (missing.length) lines.push(`  class ${missing.join(",")} missing`);
  if (troubled.length) lines.push(`  classDef problem stroke:${RED},stroke-width:2px`);
  if (troubled.length) lines.push(`  class ${troubled.join(",")} problem`);
  if (dangling.length) lines.push(`  linkStyle ${dangling.join(",")} stroke:${RED},stroke-dasharray:5 5`);
  return `${lines.join("\n")}\n`;
}

function box(node: GraphNode): string {
  const [open, close] = SHAPES[node.kind];
  return `${open}"${nodeLines(node).map(entities).join("<br/>")}"${close}`;
}

/** Requests flow along solid arrows; a backend (where a node may call out) is dotted. */
function arrow(edge: GraphEdge): string {
  const line = edge.relation === "backend" ? "-.->" : "-->";
  const words = edgeLines(edge);
  return words.length ? `${line}|"${words.map(entities).join("<br/>")}"|` : line;
}

function entities(text: string): string {
  return text.replace(/[#"&<>]/g, (c) => `#${c.charCodeAt(0)};`);
}
