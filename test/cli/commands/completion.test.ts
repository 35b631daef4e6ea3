/**
 * `mesh completion bash|zsh`: the script, loaded into a real bash, completes commands and flags from
 * the same table the command line is built from: App Mesh's operations (with or without `appmesh`
 * before them), Cloud Map's under `servicediscovery`, the hand-written commands, global options.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { before, describe, it } from "node:test";
import { appmesh } from "../../../src/model/generated/appmesh.js";
import { servicediscovery } from "../../../src/model/generated/servicediscovery.js";
import { runMesh } from "../../helpers/run-mesh.js";

let script = "";

/** What bash offers for the words typed so far (the last one being completed). */
function complete(...typed: string[]): string[] {
  const words = ["mesh", ...typed].map((w) => `'${w}'`).join(" ");
  const program = `${script}\nCOMP_WORDS=(${words}); COMP_CWORD=${typed.length}; _mesh; printf '%s\\n' "\${COMPREPLY[@]}"`;
  return execFileSync("bash", ["--norc", "-c", program], { encoding: "utf8" }).split("\n").filter(Boolean);
}

describe("shell completion", () => {
  before(async () => {
    const result = await runMesh(["completion", "bash"]);
    assert.equal(result.code, 0, result.stderr);
    script = result.stdout;
  });

  it("completes App Mesh's commands, the services and the hand-written commands", () => {
    assert.deepEqual(complete("create-m"), ["create-mesh"]);
    assert.deepEqual(complete("servi"), ["servicediscovery"]);
    assert.ok(complete("").includes("validate"));
    assert.equal(complete("").filter((c) => appmesh.operations.some((op) => op.cliName === c)).length, 38);
  });

  it("completes a command's flags, then the global options", () => {
    const flags = complete("create-mesh", "--");
    for (const flag of [
      "--mesh-name",
      "--spec",
      "--tags",
      "--client-token",
      "--cli-input-json",
      "--endpoint-url",
      "--output",
    ]) {
      assert.ok(flags.includes(flag), flag);
    }
    assert.deepEqual(complete("list-meshes", "--page-"), ["--page-size"]);
  });

  it("skips appmesh and the values of global options", () => {
    assert.deepEqual(complete("appmesh", "describe-m"), ["describe-mesh"]);
    assert.deepEqual(complete("--output", "text", "appmesh", "describe-mesh", "--mesh-n"), ["--mesh-name"]);
  });

  it("completes Cloud Map's operations and their flags under servicediscovery", () => {
    assert.equal(complete("servicediscovery", "").length, servicediscovery.operations.length);
    assert.deepEqual(complete("servicediscovery", "discover-instances-r"), ["discover-instances-revision"]);
    assert.ok(complete("servicediscovery", "register-instance", "--at").includes("--attributes"));
  });

  it("zsh gets the same function through bashcompinit; another shell is refused", async () => {
    const zsh = await runMesh(["completion", "zsh"]);
    assert.equal(zsh.code, 0);
    assert.ok(zsh.stdout.includes("autoload -U +X bashcompinit && bashcompinit\n"));
    assert.ok(zsh.stdout.includes(script.split("\n").slice(1).join("\n")));
    const fish = await runMesh(["completion", "fish"]);
    assert.equal(fish.code, 252);
    assert.match(fish.stderr, /Invalid choice, valid choices are/);
  });
});
