/** The xDS server's descriptor is generated from Envoy's own protos, and what is committed is what the generator writes. */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { repoRoot } from "../../scripts/generate-model.js";
import { generate } from "../../scripts/generate-xds-protos.js";

describe("generated Envoy protos", () => {
  it("regenerating from @grpc/grpc-js-xds's deps/ changes nothing", () => {
    for (const [path, content] of generate()) {
      assert.equal(readFileSync(join(repoRoot, path), "utf8"), content, `${path} is stale: run npm run generate:xds`);
    }
  });
});
