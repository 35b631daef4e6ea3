/** What a document set declares, as `mesh validate` checks it and `mesh graph --from` draws it; how documents are named. */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { appmesh } from "../../src/model/generated/appmesh.js";
import { operationByCliName } from "../../src/model/models.js";
import { declaredResources, resourceKey } from "../../src/validate/declared-resources.js";
import { documentLabel, type InputDocument, loadDocuments } from "../../src/validate/documents.js";

let position = 0;
function doc(cliName: string, input: Record<string, unknown>): InputDocument {
  const operation = operationByCliName(appmesh, cliName);
  if (!operation) throw new Error(`no operation ${cliName}`);
  return { file: "set.yaml", index: position++, documentsInFile: 99, operation, input };
}
const node = (name: string, spec: Record<string, unknown> = {}) =>
  doc("create-virtual-node", { meshName: "m", virtualNodeName: name, spec });

describe("declaredResources", () => {
  it("create-* declares a resource with its spec and its document", () => {
    const created = node("n", { listeners: [] });
    const { resources, problems } = declaredResources([created]);
    const resource = resources.get(resourceKey("virtualNode", "m", "", "n"));
    assert.deepEqual(
      [resource?.kind.id, resource?.name, resource?.spec, resource?.doc, resource?.created],
      ["virtualNode", "n", { listeners: [] }, created, created],
    );
    assert.deepEqual(problems, []);
  });

  it("update-* replaces the spec, and declares the resource when nothing created it", () => {
    const update = doc("update-virtual-node", { meshName: "m", virtualNodeName: "n", spec: { backends: [] } });
    const lone = doc("update-virtual-service", { meshName: "m", virtualServiceName: "s", spec: {} });
    const { resources } = declaredResources([node("n"), update, lone]);
    assert.deepEqual(resources.get(resourceKey("virtualNode", "m", "", "n"))?.spec, { backends: [] });
    assert.equal(resources.get(resourceKey("virtualNode", "m", "", "n"))?.doc, update);
    assert.equal(resources.get(resourceKey("virtualService", "m", "", "s"))?.created, undefined);
  });

  it("delete-* removes it, so it may be created again", () => {
    const gone = doc("delete-virtual-node", { meshName: "m", virtualNodeName: "n" });
    assert.equal(declaredResources([node("n"), gone]).resources.size, 0);
    const again = declaredResources([node("n"), gone, node("n", { listeners: [] })]);
    assert.deepEqual(
      [...again.resources.values()].map((r) => r.spec),
      [{ listeners: [] }],
    );
    assert.deepEqual(again.problems, []);
  });

  it("a second create is a problem naming the first create, even after an update", () => {
    const first = node("n");
    const update = doc("update-virtual-node", { meshName: "m", virtualNodeName: "n", spec: {} });
    const second = node("n");
    const { problems } = declaredResources([first, update, second]);
    assert.deepEqual(problems, [
      {
        doc: second,
        problem: {
          path: "virtualNodeName",
          message: `VirtualNode n is already declared in set.yaml#${first.index + 1}`,
          severity: "error",
        },
      },
    ]);
  });

  it("keys routes and gateway routes by their parent, and the same name in two meshes apart", () => {
    const route = (router: string) =>
      doc("create-route", { meshName: "m", virtualRouterName: router, routeName: "x", spec: {} });
    const other = doc("create-virtual-node", { meshName: "other", virtualNodeName: "n", spec: {} });
    const { resources, problems } = declaredResources([route("a"), route("b"), node("n"), other]);
    assert.deepEqual(problems, []);
    assert.deepEqual(
      [...resources.values()].map((r) => [r.mesh, r.parent, r.name]),
      [
        ["m", "a", "x"],
        ["m", "b", "x"],
        ["m", "", "n"],
        ["other", "", "n"],
      ],
    );
  });

  it("describe, list and tag operations declare nothing", () => {
    const describe = doc("describe-virtual-node", { meshName: "m", virtualNodeName: "n" });
    const tag = doc("tag-resource", { resourceArn: "arn", tags: [] });
    assert.equal(declaredResources([describe, tag]).resources.size, 0);
  });
});

describe("documentLabel", () => {
  it("is the file alone when the file holds one document, else file#N counting from 1", () => {
    assert.equal(documentLabel("a.json", 0, 1), "a.json");
    assert.equal(documentLabel("a.yaml", 0, 3), "a.yaml#1");
    assert.equal(documentLabel("a.yaml", 1, 3), "a.yaml#2");
  });

  it("loadDocuments records how many documents each file holds", async () => {
    const dir = mkdtempSync(join(tmpdir(), "mesh-label-"));
    try {
      const node = '{"operation": "create-virtual-node", "meshName": "m", "virtualNodeName": "n", "spec": {}}';
      writeFileSync(join(dir, "one.json"), node);
      writeFileSync(join(dir, "three.json"), `[${node}, {"operation": "make-tea"}, ${node}]`);
      const set = await loadDocuments([dir]);
      const labels = [...set.documents, ...set.problems].map((d) =>
        documentLabel(d.file.slice(dir.length + 1), d.index, d.documentsInFile),
      );
      assert.deepEqual(labels, ["one.json", "three.json#1", "three.json#3", "three.json#2"]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
