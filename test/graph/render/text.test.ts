/** The text tree: each resource drawn once where requests first reach it, backends as leaves, colour on request. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { stripVTControlCharacters } from "node:util";
import { buildGraph } from "../../../src/graph/build.js";
import { renderText } from "../../../src/graph/render/text.js";
import { emptySnapshot as emptyResources, type MeshSnapshot as MeshResources } from "../../../src/snapshot/snapshot.js";
import { documentsGraph, WALKTHROUGH } from "../meshes.js";

const text = (resources: Partial<MeshResources>) =>
  renderText(buildGraph({ ...emptyResources("m"), ...resources }), false);
const to = (...nodes: string[]) => ({
  httpRoute: {
    match: { prefix: "/" },
    action: { weightedTargets: nodes.map((virtualNode) => ({ virtualNode, weight: 100 / nodes.length })) },
  },
});

describe("--format text", () => {
  it("a node that two routes target is drawn under the first and named `(see above)` under the second", () => {
    const tree = text({
      virtualRouters: [{ name: "r", spec: {} }],
      routes: [
        { name: "one", parent: "r", spec: to("n") },
        { name: "two", parent: "r", spec: to("n") },
      ],
      virtualNodes: [{ name: "n", spec: { listeners: [{ portMapping: { port: 80, protocol: "http" } }] } }],
    });
    assert.equal(
      tree,
      [
        "mesh m",
        "└─ virtual router r",
        "   ├─ route one  http · prefix /",
        "   │  └─ 100% → virtual node n  http:80",
        "   └─ route two  http · prefix /",
        "      └─ 100% → virtual node n  (see above)",
        "",
      ].join("\n"),
    );
  });

  it("a backend is a leaf: the service it names is drawn on a branch of its own", () => {
    const tree = text({
      virtualServices: [{ name: "b.local", spec: { provider: { virtualNode: { virtualNodeName: "b" } } } }],
      virtualNodes: [
        { name: "a", spec: { backends: [{ virtualService: { virtualServiceName: "b.local" } }] } },
        { name: "b", spec: { backends: [{ virtualService: { virtualServiceName: "b.local" } }] } },
      ],
    });
    assert.equal(
      tree,
      [
        "mesh m",
        "├─ virtual service b.local",
        "│  └─ provider → virtual node b",
        "│     └─ backend → virtual service b.local",
        "└─ virtual node a",
        "   └─ backend → virtual service b.local",
        "",
      ].join("\n"),
    );
  });

  it("routes of a missing router are drawn under it, and the problems are listed at the end", () => {
    assert.equal(
      text({ virtualNodes: [{ name: "n", spec: {} }], routes: [{ name: "stray", parent: "r", spec: to("n") }] }),
      [
        "mesh m",
        "└─ virtual router r  ✗ missing",
        "   └─ route stray  http · prefix /  ✗ virtual router r does not exist",
        "      └─ 100% → virtual node n",
        "",
        "✗ 1 problem:",
        "  route stray: virtual router r does not exist",
        "",
      ].join("\n"),
    );
  });

  it("is coloured only when asked, and the colours are all it adds", async () => {
    const graph = await documentsGraph(WALKTHROUGH);
    const coloured = renderText(graph, true);
    assert.notEqual(coloured, renderText(graph, false));
    assert.equal(stripVTControlCharacters(coloured), renderText(graph, false));
  });
});
