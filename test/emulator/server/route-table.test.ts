/** The route table: every App Mesh operation found by its method and path, labels decoded one by one. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { RouteTable } from "../../../src/emulator/server/route-table.js";
import { appmesh } from "../../../src/model/generated/appmesh.js";

const routes = new RouteTable(appmesh);

describe("the route table", () => {
  it("finds each of the 38 operations by its method and URI template", () => {
    assert.equal(appmesh.operations.length, 38);
    for (const op of appmesh.operations) {
      const path = op.http.requestUri.replace(/\{(\w+)\}/g, (_, label: string) => `${label}-value`);
      const match = routes.match(op.http.method, path);
      assert.equal(match?.operation.name, op.name, `${op.http.method} ${path}`);
      for (const [label, value] of Object.entries(match?.labels ?? {})) assert.equal(value, `${label}-value`);
    }
  });

  it("tells a mesh from its children: /meshes/{meshName} is not /meshes/{meshName}/virtualNodes", () => {
    assert.equal(routes.match("GET", "/v20190125/meshes/m")?.operation.name, "DescribeMesh");
    assert.equal(routes.match("GET", "/v20190125/meshes/m/virtualNodes")?.operation.name, "ListVirtualNodes");
    assert.equal(routes.match("GET", "/v20190125/meshes/m/virtualNodes/n")?.operation.name, "DescribeVirtualNode");
  });

  it("decodes each label on its own, so %2F is a slash inside the name", () => {
    const match = routes.match("GET", "/v20190125/meshes/team%2Fa%20b/virtualNodes/n%25");
    assert.deepEqual(match?.labels, { meshName: "team/a b", virtualNodeName: "n%" });
  });

  it("finds nothing for an unknown path, a trailing slash, or a method the path is not bound to", () => {
    assert.equal(routes.match("GET", "/v20190125/teapots"), undefined);
    assert.equal(routes.match("GET", "/v20190125/meshes/"), undefined);
    assert.equal(routes.match("POST", "/v20190125/meshes"), undefined);
  });

  it("throws URIError for a label that is not valid percent-encoding", () => {
    assert.throws(() => routes.match("GET", "/v20190125/meshes/%E0%A4%A"), URIError);
  });
});
