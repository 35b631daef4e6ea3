/** `--help` / `-h` print the help page and exit 0, wherever they stand; the auto-prompt is refused with a reason. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { runMain } from "../helpers/run-mesh.js";

describe("--help, -h and --cli-auto-prompt", () => {
  it("--help and -h are help: the command list, or the command's page, exit 0", async () => {
    const list = await runMain(["help"]);
    assert.deepEqual(await runMain(["--help"]), list);
    assert.deepEqual(await runMain(["-h"]), list);
    const page = await runMain(["create-mesh", "help"]);
    assert.equal(page.code, 0);
    assert.match(page.stdout, /^NAME\n {7}create-mesh -\n/);
    assert.deepEqual(await runMain(["create-mesh", "--help"]), page);
    assert.deepEqual(await runMain(["create-mesh", "--mesh-name", "m", "-h"]), page);
    assert.match((await runMain(["servicediscovery", "--help"])).stdout, /o discover-instances-revision/);
  });

  it("--cli-auto-prompt is refused with a usage error, not ignored", async () => {
    const result = await runMain(["create-mesh", "--cli-auto-prompt"]);
    assert.equal(result.code, 252);
    assert.equal(result.stdout, "");
    assert.match(result.stderr, /mesh: error: argument --cli-auto-prompt: mesh has no interactive prompt/);
    const fromEnv = await runMain(["list-meshes"], { env: { AWS_CLI_AUTO_PROMPT: "on-partial" } });
    assert.equal(fromEnv.code, 252);
    assert.match(fromEnv.stderr, /AWS_CLI_AUTO_PROMPT=on-partial: mesh has no interactive prompt/);
  });

  it("--no-cli-auto-prompt is accepted, and turns the environment's prompt off", async () => {
    const result = await runMain(["list-meshes", "--no-cli-auto-prompt", "--generate-cli-skeleton"], {
      env: { AWS_CLI_AUTO_PROMPT: "on" },
    });
    assert.equal(result.code, 0, result.stderr);
  });
});
