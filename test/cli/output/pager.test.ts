/** The pager is chosen as the AWS CLI chooses it, and its command split as Python's shlex splits it. */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { pagerCommand, shellWords } from "../../../src/cli/output/pager.js";

describe("the pager", () => {
  const home = mkdtempSync(join(tmpdir(), "mesh-pager-"));
  after(() => rmSync(home, { recursive: true, force: true }));
  const config = join(home, "config");
  writeFileSync(config, "[default]\ncli_pager = from-profile\n[profile plain]\nregion = us-east-1\n");
  const tty = (env: NodeJS.ProcessEnv, isTTY = true) => ({
    env: { AWS_CONFIG_FILE: config, ...env },
    isTTY: () => isTTY,
  });

  it("AWS_PAGER, else cli_pager, else PAGER, else less -R", () => {
    assert.equal(pagerCommand(tty({ AWS_PAGER: "env-pager", PAGER: "p" }), undefined, true), "env-pager");
    assert.equal(pagerCommand(tty({ PAGER: "p" }), undefined, true), "from-profile");
    assert.equal(pagerCommand(tty({ PAGER: "p" }), "plain", true), "p");
    assert.equal(pagerCommand(tty({}), "plain", true), "less -R");
  });

  it("off for an empty setting, with --no-cli-pager, and when stdout is no terminal", () => {
    assert.equal(pagerCommand(tty({ AWS_PAGER: "" }), undefined, true), undefined);
    assert.equal(pagerCommand(tty({ AWS_PAGER: "x" }), undefined, false), undefined);
    assert.equal(pagerCommand(tty({ AWS_PAGER: "x" }, false), undefined, true), undefined);
  });

  it("splits the command into words without a shell", () => {
    assert.deepEqual(shellWords("less -R"), ["less", "-R"]);
    assert.deepEqual(shellWords(`sed 's/^/a b:/' "x \\"y\\"" z\\ w`), ["sed", "s/^/a b:/", 'x "y"', "z w"]);
    assert.throws(() => shellWords("less 'open"), /No closing quotation/);
  });
});
