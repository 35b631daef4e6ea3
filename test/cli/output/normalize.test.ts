/** Output as botocore parses it: model members only, in model order, timestamps as ISO-8601. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isoTimestamp, normalizeOutput } from "../../../src/cli/output/normalize.js";
import { appmesh } from "../../../src/model/generated/appmesh.js";

process.env.TZ = "UTC";

describe("output normalization", () => {
  it("orders keys as the model does and drops members the model does not have", () => {
    const output = normalizeOutput(appmesh, "DescribeMeshOutput", {
      mesh: { status: { status: "ACTIVE" }, spec: {}, meshName: "m", extra: 1 },
    });
    assert.deepEqual(JSON.stringify(output), '{"mesh":{"meshName":"m","spec":{},"status":{"status":"ACTIVE"}}}');
  });

  it("prints timestamps as Python's isoformat in the local zone, microseconds only when non-zero", () => {
    assert.equal(isoTimestamp(new Date(1700000000123)), "2023-11-14T22:13:20.123000+00:00");
    assert.equal(isoTimestamp(1700000000), "2023-11-14T22:13:20+00:00");
  });
});
