/** The operation tables are generated from the official API models, and what is committed is what the generator writes. */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { generate, modelsDir, repoRoot } from "../../scripts/generate-model.js";
import { appmesh } from "../../src/model/generated/appmesh.js";
import { servicediscovery } from "../../src/model/generated/servicediscovery.js";

const raw = JSON.parse(readFileSync(join(modelsDir, "appmesh-2019-01-25.json"), "utf8"));

describe("generated model", () => {
  it("regenerating from the models in the repository changes nothing", () => {
    for (const [path, content] of generate()) {
      assert.equal(readFileSync(join(repoRoot, path), "utf8"), content, `${path} is stale: run npm run generate`);
    }
  });

  it("holds exactly the model's 38 App Mesh operations", () => {
    assert.equal(appmesh.operations.length, 38);
    assert.deepEqual(appmesh.operations.map((op) => op.name).sort(), Object.keys(raw.operations).sort());
  });

  it("holds Cloud Map's current model: 30 operations, with the revision and service-attribute ones", () => {
    const names = servicediscovery.operations.map((op) => op.name);
    assert.equal(names.length, 30);
    for (const name of [
      "DiscoverInstancesRevision",
      "GetServiceAttributes",
      "UpdateServiceAttributes",
      "DeleteServiceAttributes",
    ]) {
      assert.ok(names.includes(name), name);
    }
    assert.deepEqual(Object.keys(servicediscovery.shapes.DiscoverInstancesResponse?.members ?? {}), [
      "Instances",
      "InstancesRevision",
    ]);
  });

  it("names commands and flags as the AWS CLI does", () => {
    const op = appmesh.operations.find((o) => o.name === "CreateVirtualNode");
    assert.equal(op?.cliName, "create-virtual-node");
    assert.deepEqual(
      op?.input?.members.map((m) => [m.cliName, m.location, m.required]),
      [
        ["client-token", "body", false],
        ["mesh-name", "uri", true],
        ["mesh-owner", "querystring", false],
        ["spec", "body", true],
        ["tags", "body", false],
        ["virtual-node-name", "body", true],
      ],
    );
    assert.equal(op?.input?.members[0]?.idempotencyToken, true);
  });

  it("records HTTP bindings, payloads and paginators", () => {
    const describeRoute = appmesh.operations.find((o) => o.name === "DescribeRoute");
    assert.deepEqual(describeRoute?.http, {
      method: "GET",
      requestUri: "/v20190125/meshes/{meshName}/virtualRouter/{virtualRouterName}/routes/{routeName}",
      responseCode: 200,
    });
    assert.deepEqual(describeRoute?.output, { shape: "DescribeRouteOutput", payload: "route" });
    const list = appmesh.operations.find((o) => o.name === "ListTagsForResource");
    assert.deepEqual(list?.paginator, {
      inputToken: "nextToken",
      outputToken: "nextToken",
      limitKey: "limit",
      resultKey: "tags",
    });
  });

  it("keeps the exception statuses", () => {
    assert.deepEqual(appmesh.shapes.ResourceInUseException?.error, { status: 409 });
    assert.deepEqual(appmesh.shapes.InternalServerErrorException?.error, { status: 500 });
  });
});
