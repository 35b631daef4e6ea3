/** The DOT output, read back by Graphviz itself (compiled to WebAssembly; no `dot` binary needed). */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Graphviz } from "@hpcc-js/wasm-graphviz";
import type { MeshGraph } from "../../../src/graph/model.js";
import { renderDot } from "../../../src/graph/render/dot.js";
import { edgeLines, nodeLines } from "../../../src/graph/render/labels.js";
import { DANGLING, documentsGraph, WALKTHROUGH } from "../meshes.js";
import { awkwardGraph } from "../weird-names.js";

const graphviz = await Graphviz.load();

interface Layout {
  name: string;
  objects: { name: string; label: string; color?: string }[];
  edges?: { tail: number; head: number; label?: string; color?: string }[];
}

/** Lays the graph out as `dot -Tjson` does, throwing on any syntax error. */
function layout(dot: string): Layout {
  return JSON.parse(graphviz.layout(dot, "json")) as Layout;
}

/** DOT keeps `\\` and `\n` escapes in attribute values; labels show them as `\` and line breaks. */
function shown(value: string): string {
  return value.replace(/\\(.)/g, (_, c: string) => (c === "n" ? "\n" : c));
}

function assertSameGraph(graph: MeshGraph): Layout {
  const drawn = layout(renderDot(graph));
  assert.equal(drawn.name, graph.mesh.replace(/\\/g, "\\\\"));
  assert.deepEqual(
    drawn.objects.map((object) => [shown(object.name), shown(object.label)]),
    graph.nodes.map((node) => [node.id, nodeLines(node).join("\n")]),
  );
  const nameOf = (index: number) => shown(drawn.objects[index]?.name ?? "");
  assert.deepEqual(
    (drawn.edges ?? []).map((edge) => [nameOf(edge.tail), nameOf(edge.head), shown(edge.label ?? "")]),
    graph.edges.map((edge) => [edge.from, edge.to, edgeLines(edge).join("\n")]),
  );
  return drawn;
}

describe("--format dot", () => {
  it("Graphviz lays out the walkthrough with every node, edge and label of the graph", async () => {
    assertSameGraph(await documentsGraph(WALKTHROUGH));
  });

  it("missing resources and dangling edges are red", async () => {
    const graph = await documentsGraph(DANGLING);
    const drawn = assertSameGraph(graph);
    assert.deepEqual(
      drawn.objects.map((object) => object.color === "#dd3333"),
      graph.nodes.map((node) => node.missing || node.problems.length > 0),
    );
    assert.deepEqual(
      (drawn.edges ?? []).map((edge) => edge.color === "#dd3333"),
      graph.edges.map((edge) => edge.problem !== undefined),
    );
  });

  it("names with quotes and backslashes stay inside their strings", () => {
    assertSameGraph(awkwardGraph());
  });

  it("a syntax error would be caught: Graphviz refuses it", () => {
    assert.throws(() => layout('digraph { "a" -> ; }'), /syntax error/);
  });
});
