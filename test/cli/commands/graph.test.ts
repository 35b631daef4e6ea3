/**
 * `mesh graph` end to end, in-process: the walkthrough mesh created through the CLI on the local backend
 * and drawn in each format (compared with test/fixtures/graph/walkthrough.*), the same picture from its
 * documents with --from, colour, and the errors and their exit codes.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { stripVTControlCharacters } from "node:util";
import { main } from "../../../src/cli/main.js";
import { assertExpected } from "../../graph/expected.js";
import { createInEmulator, DANGLING, WALKTHROUGH } from "../../graph/meshes.js";
import { runMain, tempStateDir } from "../../helpers/run-mesh.js";

describe("mesh graph", () => {
  const state = tempStateDir();
  const graph = (...args: string[]) => runMain(["graph", ...args], { stateDir: state.dir });
  const drawn = async (...args: string[]) => {
    const result = await graph(...args);
    assert.equal(result.stderr, "");
    assert.equal(result.code, 0);
    return result.stdout;
  };
  before(() => createInEmulator(WALKTHROUGH, state.dir));
  after(() => state.cleanup());

  describe("draws the walkthrough mesh from the emulator", () => {
    it("as a text tree by default, following requests from the gateway down to the weighted nodes", async () => {
      assertExpected(await drawn("--mesh-name", "colors"), "walkthrough.txt");
    });

    it("as a Mermaid flowchart", async () => {
      assertExpected(await drawn("--mesh-name", "colors", "--format", "mermaid"), "walkthrough.mmd");
    });

    it("as a Graphviz digraph", async () => {
      assertExpected(await drawn("--mesh-name", "colors", "--format", "dot"), "walkthrough.dot");
    });

    it("as the JSON graph model", async () => {
      assertExpected(await drawn("--mesh-name", "colors", "--format", "json"), "walkthrough.json");
    });

    it("a 90/10 split shows both weights on the route's edges", async () => {
      const text = await drawn("--mesh-name", "colors");
      assert.match(text, /route canary .*\n.*90% → virtual node colors-v1/);
      assert.match(text, /10% → virtual node colors-v2/);
      const model = JSON.parse(await drawn("--mesh-name", "colors", "--format", "json"));
      const weights = model.edges
        .filter((edge: any) => edge.from === "route:colors-router/canary")
        .map((edge: any) => [edge.to, edge.label]);
      assert.deepEqual(weights, [
        ["virtualNode:colors-v1", "90%"],
        ["virtualNode:colors-v2", "10%"],
      ]);
    });

    it("a header-match route shows its match, method and priority", async () => {
      assert.match(
        await drawn("--mesh-name", "colors"),
        /route beta {2}http · prefix \/ · header x-canary = beta · method GET · priority 1/,
      );
    });
  });

  describe("--from", () => {
    it("a directory of documents gives the same graph as the same resources created in the emulator", async () => {
      for (const format of ["text", "mermaid", "dot", "json"]) {
        assert.equal(
          await drawn("--from", WALKTHROUGH, "--format", format),
          await drawn("--mesh-name", "colors", "--format", format),
          format,
        );
      }
    });

    it("takes files and directories together, and --mesh-name picks one mesh of several", async () => {
      const text = await drawn("--from", WALKTHROUGH, `${DANGLING}/mesh.yaml`, "--mesh-name", "broken");
      assert.match(text, /^mesh broken\n/);
    });

    it("marks every dangling reference where it is drawn, and lists them at the end", async () => {
      assertExpected(await drawn("--from", DANGLING), "dangling.txt");
    });

    it("refuses a set of several meshes without --mesh-name (252)", async () => {
      const result = await graph("--from", WALKTHROUGH, DANGLING);
      assert.equal(result.code, 252);
      assert.match(result.stderr, /mesh: error: argument --mesh-name: the documents hold several meshes \(/);
    });

    it("refuses a path that does not exist (252), in mesh validate's words", async () => {
      const result = await graph("--from", "no/such/dir");
      assert.equal(result.code, 252);
      assert.match(result.stderr, /mesh: error: argument --from: no such file or directory: 'no\/such\/dir'/);
    });

    it("refuses documents it cannot draw (252), named as mesh validate names them", async () => {
      const scratch = mkdtempSync(join(tmpdir(), "mesh-graph-"));
      try {
        const node = "operation: create-virtual-node\nmeshName: m\nvirtualNodeName: n\nspec: {}\n";
        writeFileSync(join(scratch, "one.yaml"), node);
        writeFileSync(join(scratch, "two.yaml"), `${node}---\n${node}`);
        writeFileSync(
          join(scratch, "bad.yaml"),
          "operation: create-virtual-router\nmeshName: m\nvirtualRouterName: r\n",
        );
        const result = await runMain(["graph", "--from", "."], { cwd: scratch });
        assert.equal(result.code, 252);
        assert.equal(
          result.stderr,
          [
            "",
            "Cannot use the documents:",
            "bad.yaml: Parameter validation failed:",
            'Missing required parameter in input: "spec"',
            "",
          ].join("\n"),
        );
        rmSync(join(scratch, "bad.yaml"));
        assert.deepEqual(await runMain(["graph", "--from", "."], { cwd: scratch }), {
          code: 252,
          stdout: "",
          stderr: [
            "",
            "Cannot use the documents:",
            "two.yaml#1: virtualNodeName: VirtualNode n is already declared in one.yaml",
            "two.yaml#2: virtualNodeName: VirtualNode n is already declared in one.yaml",
            "",
          ].join("\n"),
        });
      } finally {
        rmSync(scratch, { recursive: true, force: true });
      }
    });
  });

  describe("colour", () => {
    const tty = (env: Record<string, string | undefined>, ...args: string[]) =>
      runMainOnTerminal(["graph", "--mesh-name", "colors", ...args], state.dir, env);

    it("is on when stdout is a terminal, and is the same tree without its escapes", async () => {
      const coloured = await tty({});
      assert.notEqual(coloured, stripVTControlCharacters(coloured));
      assert.equal(stripVTControlCharacters(coloured), await drawn("--mesh-name", "colors"));
    });

    it("is off with NO_COLOR or --color off, and on with --color on whatever stdout is", async () => {
      assert.equal(await tty({ NO_COLOR: "1" }), await drawn("--mesh-name", "colors"));
      assert.equal(await tty({}, "--color", "off"), await drawn("--mesh-name", "colors"));
      const forced = await drawn("--mesh-name", "colors", "--color", "on");
      assert.notEqual(forced, stripVTControlCharacters(forced));
    });
  });

  describe("errors", () => {
    it("a missing mesh is the service's NotFoundException (254)", async () => {
      const result = await graph("--mesh-name", "nope");
      assert.equal(result.code, 254);
      assert.match(
        result.stderr,
        /An error occurred \(NotFoundException\) when calling the DescribeMesh operation: Mesh with name nope/,
      );
    });

    it("an unknown --format is an invalid choice (252)", async () => {
      const result = await graph("--mesh-name", "colors", "--format", "svg");
      assert.equal(result.code, 252);
      assert.match(result.stderr, /mesh: error: argument --format: Invalid choice, valid choices are:/);
    });

    it("needs --mesh-name or --from (252)", async () => {
      const result = await graph();
      assert.equal(result.code, 252);
      assert.match(result.stderr, /the following arguments are required: --mesh-name/);
    });

    it("refuses unknown options (252)", async () => {
      const result = await graph("--mesh-name", "colors", "--bogus");
      assert.equal(result.code, 252);
      assert.match(result.stderr, /Unknown options: --bogus/);
    });
  });

  it("`mesh graph help` documents the formats and the default", async () => {
    const help = await drawn("help");
    assert.match(help, /--format/);
    assert.match(help, /The default, whether or not stdout is\s+a terminal/);
  });
});

/** runMain with stdout a terminal (runMain's own io says it is not). */
async function runMainOnTerminal(args: string[], stateDir: string, env: Record<string, string | undefined>) {
  let stdout = "";
  const code = await main(args, {
    stdout: (text) => {
      stdout += text;
    },
    stderr: () => {},
    env: { ...process.env, NO_COLOR: undefined, ...env, MESH_STATE_DIR: stateDir },
    cwd: process.cwd(),
    isTTY: () => true,
    columns: () => 120,
  });
  assert.equal(code, 0);
  return stdout;
}
