/** Node ids in the three forms the App Mesh Envoy image sends, and what is not one. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseNodeId } from "../../../src/dataplane/xds/node-identity.js";

describe("xDS node identity", () => {
  it("reads an ARN: its region and account choose the scope", () => {
    assert.deepEqual(parseNodeId("arn:aws:appmesh:eu-west-1:111122223333:mesh/colors/virtualNode/caller"), {
      mesh: "colors",
      kind: "virtualNode",
      name: "caller",
      account: "111122223333",
      region: "eu-west-1",
    });
  });

  it("reads the controller's path form, for nodes and gateways", () => {
    assert.deepEqual(parseNodeId("mesh/colors/virtualNode/caller"), {
      mesh: "colors",
      kind: "virtualNode",
      name: "caller",
    });
    assert.deepEqual(parseNodeId("mesh/colors/virtualGateway/edge"), {
      mesh: "colors",
      kind: "virtualGateway",
      name: "edge",
    });
  });

  it("reads a mesh shared from another account", () => {
    assert.deepEqual(parseNodeId("mesh/colors@444455556666/virtualNode/caller"), {
      mesh: "colors",
      kind: "virtualNode",
      name: "caller",
      account: "444455556666",
    });
  });

  it("refuses anything else", () => {
    for (const id of [
      "",
      "caller",
      "mesh/colors/virtualRouter/r",
      "mesh/colors/virtualNode/a/b",
      "arn:aws:ecs:us-east-1:1:task/x",
    ]) {
      assert.equal(parseNodeId(id), undefined, id);
    }
  });
});
