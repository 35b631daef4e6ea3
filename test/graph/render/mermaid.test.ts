/**
 * The Mermaid output, read back by Mermaid's own flowchart parser (the jison grammar its renderer uses).
 * Mermaid sanitises labels with DOMPurify, which needs a `window`; jsdom provides one, nothing else of a
 * browser is needed to parse.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { JSDOM } from "jsdom";
import type { MeshGraph } from "../../../src/graph/model.js";
import { edgeLines, nodeLines } from "../../../src/graph/render/labels.js";
import { renderMermaid } from "../../../src/graph/render/mermaid.js";
import { DANGLING, documentsGraph, WALKTHROUGH } from "../meshes.js";
import { awkwardGraph } from "../weird-names.js";

const { window } = new JSDOM("");
Object.assign(globalThis, { window });
const { default: mermaid } = await import("mermaid");

interface Flowchart {
  vertices: { id: string; text: string; classes: string[] }[];
  edges: { start: string; end: string; text: string; style?: string[] }[];
}

/** Parses like a renderer would, throwing on any syntax error. */
async function parseFlowchart(text: string): Promise<Flowchart> {
  assert.deepEqual(await mermaid.parse(text), { diagramType: "flowchart-v2", config: {} });
  const { db } = await mermaid.mermaidAPI.getDiagramFromText(text);
  const flow = db as unknown as {
    getVertices(): Map<string, Flowchart["vertices"][0]>;
    getEdges(): Flowchart["edges"];
  };
  return { vertices: [...flow.getVertices().values()], edges: flow.getEdges() };
}

/**
 * The lines a browser shows for a label: Mermaid keeps `#…;` entities as placeholders until it renders
 * (its decodeEntities, not exported), then the browser decodes the HTML entities.
 */
function shownLines(label: string): string[] {
  return label.split(/<br\s*\/?>/).map((line) => {
    const html = line.replace(/ﬂ°°/g, "&#").replace(/ﬂ°/g, "&").replace(/¶ß/g, ";");
    const element = window.document.createElement("span");
    element.innerHTML = html;
    return element.textContent ?? "";
  });
}

async function assertSameGraph(graph: MeshGraph): Promise<Flowchart> {
  const chart = await parseFlowchart(renderMermaid(graph));
  const idOf = (vertex: string) => graph.nodes[Number(vertex.slice(1))]?.id;
  assert.deepEqual(
    chart.vertices.map((vertex) => [idOf(vertex.id), shownLines(vertex.text)]),
    graph.nodes.map((node) => [node.id, nodeLines(node)]),
  );
  assert.deepEqual(
    chart.edges.map((edge) => [idOf(edge.start), idOf(edge.end), edge.text ? shownLines(edge.text) : []]),
    graph.edges.map((edge) => [edge.from, edge.to, edgeLines(edge)]),
  );
  return chart;
}

describe("--format mermaid", () => {
  it("the walkthrough parses as a flowchart with every node, edge and label of the graph", async () => {
    const chart = await assertSameGraph(await documentsGraph(WALKTHROUGH));
    assert.deepEqual(
      chart.edges.filter((edge) => edge.text.endsWith("%")).map((edge) => edge.text),
      ["90%", "10%"],
    );
  });

  it("missing resources are classed `missing`, and dangling edges are drawn red and dashed", async () => {
    const graph = await documentsGraph(DANGLING);
    const chart = await assertSameGraph(graph);
    const missing = chart.vertices.filter((vertex) => vertex.classes.includes("missing")).map((vertex) => vertex.id);
    assert.deepEqual(
      missing,
      graph.nodes.flatMap((node, index) => (node.missing ? [`n${index}`] : [])),
    );
    const red = chart.edges.map((edge) => edge.style?.includes("stroke:#d33") ?? false);
    assert.deepEqual(
      red,
      graph.edges.map((edge) => edge.problem !== undefined),
    );
  });

  it("names with quotes, #, &, <, >, | and brackets stay inside their labels", async () => {
    await assertSameGraph(awkwardGraph());
  });

  it("a syntax error would be caught: the parser is strict", async () => {
    await assert.rejects(parseFlowchart('flowchart LR\n  n0["a"b"]'), /Parse error/);
  });
});
