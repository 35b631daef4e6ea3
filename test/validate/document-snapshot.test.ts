/** Resources from input documents: create declares, update replaces, delete removes; bad sets are refused. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { appmesh } from "../../src/model/generated/appmesh.js";
import { operationByCliName } from "../../src/model/models.js";
import { DocumentsError, snapshotFromDocuments } from "../../src/validate/document-snapshot.js";
import type { DocumentSet, InputDocument } from "../../src/validate/documents.js";

function doc(cliName: string, input: Record<string, unknown>, index = 0, documentsInFile = index + 1): InputDocument {
  const operation = operationByCliName(appmesh, cliName);
  if (!operation) throw new Error(`no operation ${cliName}`);
  return { file: "set.yaml", index, documentsInFile, operation, input };
}

const set = (...documents: InputDocument[]): DocumentSet => ({ documents, problems: [] });
const router = (meshName: string, virtualRouterName: string, port = 8080) =>
  doc("create-virtual-router", {
    meshName,
    virtualRouterName,
    spec: { listeners: [{ portMapping: { port, protocol: "http" } }] },
  });
/** A DocumentsError: blaming a command-line argument (which the command makes a usage error), or the documents. */
const refusal = (argument: string | undefined, message: RegExp) => (error: unknown) =>
  error instanceof DocumentsError && error.argument === argument && message.test(error.message);

describe("a mesh snapshot from documents", () => {
  it("create-* declares a resource, update-* replaces its spec, delete-* removes it", () => {
    const resources = snapshotFromDocuments(
      set(
        router("m", "a"),
        router("m", "b"),
        doc("update-virtual-router", { meshName: "m", virtualRouterName: "a", spec: { listeners: [] } }),
        doc("delete-virtual-router", { meshName: "m", virtualRouterName: "b" }),
      ),
      undefined,
    );
    const origin = { file: "set.yaml", index: 0, documentsInFile: 1, operation: "update-virtual-router" };
    assert.deepEqual(resources.virtualRouters, [{ name: "a", spec: { listeners: [] }, origin }]);
  });

  it("an update-* with no create-* declares the resource it updates", () => {
    const update = doc("update-virtual-service", { meshName: "m", virtualServiceName: "s.local", spec: {} });
    const origin = { file: "set.yaml", index: 0, documentsInFile: 1, operation: "update-virtual-service" };
    assert.deepEqual(snapshotFromDocuments(set(update), undefined).virtualServices, [
      { name: "s.local", spec: {}, origin },
    ]);
  });

  it("routes and gateway routes keep their parent's name", () => {
    const route = doc("create-route", {
      meshName: "m",
      virtualRouterName: "r",
      routeName: "x",
      spec: { tcpRoute: { action: { weightedTargets: [{ virtualNode: "n", weight: 1 }] } } },
    });
    assert.deepEqual(snapshotFromDocuments(set(route), undefined).routes[0]?.parent, "r");
  });

  it("leaves out other meshes, and operations that declare nothing", () => {
    const resources = snapshotFromDocuments(
      set(
        router("m", "a"),
        router("other", "z"),
        doc("describe-virtual-router", { meshName: "m", virtualRouterName: "a" }),
      ),
      "m",
    );
    assert.deepEqual(
      resources.virtualRouters.map((r) => r.name),
      ["a"],
    );
  });

  it("needs --mesh-name only when the documents hold several meshes", () => {
    assert.equal(snapshotFromDocuments(set(router("m", "a")), undefined).mesh, "m");
    assert.throws(
      () => snapshotFromDocuments(set(router("m", "a"), router("n", "b")), undefined),
      refusal("--mesh-name", /the documents hold several meshes \(m, n\): choose one/),
    );
    assert.throws(
      () => snapshotFromDocuments(set(router("m", "a")), "x"),
      refusal("--mesh-name", /the documents hold no mesh x \(they hold: m\)/),
    );
  });

  it("refuses a document that fails its operation's validation, with botocore's report", () => {
    const bad = doc("create-virtual-router", { meshName: "m", virtualRouterName: "a", spec: { listeners: "x" } }, 1);
    assert.throws(
      () => snapshotFromDocuments(set(bad), undefined),
      refusal(
        undefined,
        /^Cannot use the documents:\nset\.yaml#2: Parameter validation failed:\nInvalid type for parameter spec\.listeners/,
      ),
    );
  });

  it("refuses a set with a file that did not load", () => {
    const broken: DocumentSet = {
      documents: [],
      problems: [{ file: "x.json", index: 0, documentsInFile: 1, message: "invalid JSON: oops" }],
    };
    assert.throws(() => snapshotFromDocuments(broken, undefined), refusal(undefined, /x\.json: invalid JSON: oops/));
  });

  it("refuses a resource created twice, naming both documents as mesh validate does", () => {
    const again = { ...router("m", "a"), index: 1, documentsInFile: 2 };
    assert.throws(
      () => snapshotFromDocuments(set({ ...router("m", "a"), documentsInFile: 2 }, again), undefined),
      refusal(
        undefined,
        /^Cannot use the documents:\nset\.yaml#2: virtualRouterName: VirtualRouter a is already declared in set\.yaml#1$/,
      ),
    );
  });

  it("a resource deleted and created again is declared once, with its last spec", () => {
    const resources = snapshotFromDocuments(
      set(
        router("m", "a", 80),
        doc("delete-virtual-router", { meshName: "m", virtualRouterName: "a" }),
        router("m", "a", 81),
      ),
      undefined,
    );
    assert.deepEqual(
      resources.virtualRouters.map((r) => r.spec.listeners?.[0]?.portMapping?.port),
      [81],
    );
  });

  it("has a revision that follows the content, not where it was written", () => {
    const revision = (...documents: InputDocument[]) => snapshotFromDocuments(set(...documents), undefined).revision;
    assert.match(revision(router("m", "a")), /^[0-9a-f]{16}$/);
    assert.equal(revision(router("m", "a")), revision({ ...router("m", "a"), file: "elsewhere.yaml" }));
    assert.notEqual(revision(router("m", "a")), revision(router("m", "a", 81)));
  });

  it("names a document of a one-document file by its file alone", () => {
    const bad = doc("create-virtual-router", { meshName: "m", virtualRouterName: "a", spec: { listeners: "x" } }, 0, 1);
    assert.throws(() => snapshotFromDocuments(set(bad), undefined), refusal(undefined, /\nset\.yaml: Parameter/));
  });
});
