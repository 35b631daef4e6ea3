/**
 * `mesh serve` and the CLI on one state directory at once: CLI processes and SDK calls through the
 * server write to the same mesh concurrently, and nothing either of them wrote is lost.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { AppMesh } from "@aws-sdk/client-app-mesh";
import { runMesh } from "../../helpers/run-mesh.js";
import { ACCOUNT, type Fixture, REGION, serve } from "./server-fixture.js";

const CLI_WRITES = 10;
const SDK_WRITES = 30;

describe("the CLI and the server writing the same mesh at once", () => {
  let fixture: Fixture;
  let mesh: AppMesh;
  let meshArn: string;
  const cli = (args: string[]) =>
    runMesh(args, { stateDir: fixture.stateDir, env: { AWS_REGION: REGION, MESH_ACCOUNT_ID: ACCOUNT } });

  before(async () => {
    fixture = await serve();
    mesh = fixture.client();
    meshArn = (await mesh.createMesh({ meshName: "shared" })).mesh?.metadata?.arn as string;
  });
  after(() => fixture.stop());

  it("loses no virtual node", async () => {
    const cliNames = Array.from({ length: CLI_WRITES }, (_, i) => `cli-${i}`);
    const sdkNames = Array.from({ length: SDK_WRITES }, (_, i) => `sdk-${i}`);
    const results = await Promise.all([
      ...cliNames.map((name) =>
        cli(["create-virtual-node", "--mesh-name", "shared", "--virtual-node-name", name, "--spec", "{}"]),
      ),
      ...sdkNames.map((name) => mesh.createVirtualNode({ meshName: "shared", virtualNodeName: name, spec: {} })),
    ]);
    for (const result of results) if ("code" in result) assert.equal(result.code, 0, result.stderr);
    const listed = await mesh.listVirtualNodes({ meshName: "shared" });
    assert.deepEqual(listed.virtualNodes?.map((n) => n.virtualNodeName).sort(), [...cliNames, ...sdkNames].sort());
  });

  it("loses no tag when both add tags to one resource (each add reads and rewrites its tag list)", async () => {
    const cliKeys = Array.from({ length: CLI_WRITES }, (_, i) => `cli-${i}`);
    const sdkKeys = Array.from({ length: SDK_WRITES }, (_, i) => `sdk-${i}`);
    const results = await Promise.all([
      ...cliKeys.map((key) => cli(["tag-resource", "--resource-arn", meshArn, "--tags", `key=${key},value=x`])),
      ...sdkKeys.map((key) => mesh.tagResource({ resourceArn: meshArn, tags: [{ key, value: "x" }] })),
    ]);
    for (const result of results) if ("code" in result) assert.equal(result.code, 0, result.stderr);
    const { tags } = await mesh.listTagsForResource({ resourceArn: meshArn });
    assert.deepEqual(tags?.map((t) => t.key).sort(), [...cliKeys, ...sdkKeys].sort());
  });
});
