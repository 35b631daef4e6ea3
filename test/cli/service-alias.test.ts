/** `mesh appmesh <command>` is `mesh <command>`, so replacing `aws ` with `mesh ` in a script is enough. */
import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import { withoutServiceName } from "../../src/cli/service-alias.js";
import { runMain, tempStateDir } from "../helpers/run-mesh.js";

describe("the appmesh service name", () => {
  const state = tempStateDir();
  after(() => state.cleanup());
  const run = (...args: string[]) => runMain(args, { stateDir: state.dir });

  it("mesh appmesh <command> runs the command, as the AWS CLI's aws appmesh <command>", async () => {
    assert.equal((await run("appmesh", "create-mesh", "--mesh-name", "m", "--query", "mesh.meshName")).stdout, '"m"\n');
    assert.deepEqual(await run("appmesh", "describe-mesh", "--mesh-name", "m", "--query", "mesh.meshName"), {
      code: 0,
      stdout: '"m"\n',
      stderr: "",
    });
  });

  it("global options may come before the service name, with their values", async () => {
    const result = await run(
      "--output",
      "text",
      "--region",
      "us-east-1",
      "appmesh",
      "list-meshes",
      "--query",
      "meshes[].meshName",
    );
    assert.deepEqual(result, { code: 0, stdout: "m\n", stderr: "" });
  });

  it("only the command's own place counts: a value that reads appmesh stays", () => {
    assert.deepEqual(withoutServiceName(["create-mesh", "--mesh-name", "appmesh"]), [
      "create-mesh",
      "--mesh-name",
      "appmesh",
    ]);
    assert.deepEqual(withoutServiceName(["--query", "appmesh", "appmesh", "list-meshes"]), [
      "--query",
      "appmesh",
      "list-meshes",
    ]);
  });

  it("mesh appmesh help is the command list", async () => {
    const result = await run("appmesh", "help");
    assert.equal(result.code, 0);
    assert.match(result.stdout, /o create-mesh/);
  });
});
