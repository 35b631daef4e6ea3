/** `--format dot`: a Graphviz digraph, left to right; missing resources and dangling references in red. */
import type { GraphEdge, GraphNode, MeshGraph, NodeKind } from "../model.js";
import { edgeLines, nodeLines } from "./labels.js";

const SHAPES: Record<NodeKind, string> = {
  virtualGateway: "hexagon",
  gatewayRoute: 'box, style="rounded"',
  virtualService: "ellipse",
  virtualRouter: "component",
  route: 'box, style="rounded"',
  virtualNode: "box",
};

const RED = '"#dd3333"';

export function renderDot(graph: MeshGraph): string {
  const lines = [
    `digraph ${quote(graph.mesh)} {`,
    "  rankdir=LR;",
    '  node [fontname="Helvetica", fontsize=10];',
    '  edge [fontname="Helvetica", fontsize=9];',
    ...graph.nodes.map((node) => `  ${quote(node.id)} [${nodeAttributes(node)}];`),
    ...graph.edges.map((edge) => `  ${quote(edge.from)} -> ${quote(edge.to)}${edgeAttributes(edge)};`),
    "}",
  ];
  return `${lines.join("\n")}\n`;
}

function nodeAttributes(node: GraphNode): string {
  const attributes = [`label=${label(nodeLines(node))}`, `shape=${SHAPES[node.kind]}`];
  if (node.missing) attributes.push('style="dashed"', `color=${RED}`, `fontcolor=${RED}`);
  else if (node.problems.length) attributes.push(`color=${RED}`, "penwidth=2");
  return attributes.join(", ");
}

function edgeAttributes(edge: GraphEdge): string {
  const words = edgeLines(edge);
  const attributes = words.length ? [`label=${label(words)}`] : [];
  if (edge.problem) attributes.push('style="dashed"', `color=${RED}`, `fontcolor=${RED}`);
  else if (edge.relation === "backend") attributes.push('style="dotted"');
  return attributes.length ? ` [${attributes.join(", ")}]` : "";
}

function label(lines: string[]): string {
  return quote(lines.join("\n"));
}

/** A DOT quoted string: backslashes and quotes escaped, newlines as `\n` (centred lines). */
function quote(text: string): string {
  return `"${text.replace(/[\\"]/g, (c) => `\\${c}`).replace(/\n/g, "\\n")}"`;
}
