/**
 * Bad input, through bin/mesh.js: each mistake gets the AWS CLI's message on stderr, nothing on stdout,
 * exit code 252, and leaves the state exactly as it was.
 */
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { withSqlite } from "../helpers/broken-states.js";
import { runMesh, tempStateDir } from "../helpers/run-mesh.js";

const USAGE =
  "\nusage: mesh [options] <command> [parameters]\nTo see help text, you can run:\n\n  mesh help\n  mesh <command> help\n\n";

describe("bad input is refused with the AWS CLI's message and exit 252, writing nothing", () => {
  const state = tempStateDir();
  let meshesBefore = "";
  before(async () => {
    assert.equal((await runMesh(["create-mesh", "--mesh-name", "keep"], { stateDir: state.dir })).code, 0);
    meshesBefore = (await runMesh(["list-meshes"], { stateDir: state.dir })).stdout;
  });
  after(async () => {
    const meshesAfter = (await runMesh(["list-meshes"], { stateDir: state.dir })).stdout;
    assert.equal(meshesAfter, meshesBefore, "no bad command changed the state");
    state.cleanup();
  });

  async function refused(args: string[]): Promise<string> {
    const result = await runMesh(args, { stateDir: state.dir });
    assert.equal(result.code, 252, result.stderr);
    assert.equal(result.stdout, "");
    return result.stderr;
  }

  it("an unknown command lists the valid ones and suggests the closest", async () => {
    const stderr = await refused(["create-mes", "--mesh-name", "x"]);
    assert.ok(stderr.startsWith(`${USAGE}mesh: error: argument operation: Invalid choice, valid choices are:\n\n`));
    assert.ok(stderr.includes(`${"create-gateway-route".padEnd(40)} | ${"create-mesh".padEnd(40)}\n`));
    assert.ok(stderr.endsWith("\n\n\nInvalid choice: 'create-mes', maybe you meant:\n\n  * create-mesh\n\n"));
  });

  it("a missing required flag is named, after the usage block", async () => {
    assert.equal(
      await refused(["create-mesh"]),
      `${USAGE}mesh: error: the following arguments are required: --mesh-name\n\n`,
    );
  });

  it("several missing flags are named together, in the model's member order", async () => {
    assert.equal(
      await refused(["create-route", "--mesh-name", "keep"]),
      `${USAGE}mesh: error: the following arguments are required: --route-name, --spec, --virtual-router-name\n\n`,
    );
  });

  it("unknown options and stray words are listed", async () => {
    assert.equal(
      await refused(["create-mesh", "--mesh-name", "m", "--bogus", "x"]),
      `${USAGE}Unknown options: --bogus, x\n\n`,
    );
  });

  it("a flag without its value", async () => {
    assert.equal(
      await refused(["create-mesh", "--mesh-name"]),
      `${USAGE}mesh: error: argument --mesh-name: expected one argument\n\n`,
    );
  });

  it("malformed JSON quotes Python's json error", async () => {
    assert.equal(
      await refused(["create-mesh", "--mesh-name", "m", "--spec", '{"egressFilter":']),
      "\nError parsing parameter '--spec': Invalid JSON: Expecting value: line 1 column 17 (char 16)\nJSON received: {\"egressFilter\":\n",
    );
  });

  it("broken shorthand points at the failing column", async () => {
    assert.equal(
      await refused(["create-mesh", "--mesh-name", "m", "--spec", "egressFilter={type=DROP_ALL"]),
      "\nError parsing parameter '--spec': Expected: ',', received: 'EOF' for input:\negressFilter={type=DROP_ALL\n                           ^\n",
    );
  });

  it("a missing file:// file", async () => {
    assert.equal(
      await refused(["create-mesh", "--mesh-name", "m", "--spec", "file:///nonexistent/spec.json"]),
      "\nError parsing parameter '--spec': Unable to load paramfile file:///nonexistent/spec.json: [Errno 2] No such file or directory: '/nonexistent/spec.json'\n",
    );
  });

  it("a file:// file that is not UTF-8 text gets the AWS CLI's message, and nothing is stored", async () => {
    const latin1 = join(state.dir, "latin1.json");
    writeFileSync(latin1, Buffer.from('{"egressFilter": {"type": "ALLOW_ALL"}, "x": "caf\xe9"}', "latin1"));
    const message = `Unable to load paramfile (${latin1}), text contents could not be decoded.  If this is a binary file, please use the fileb:// prefix instead of the file:// prefix.`;
    assert.equal(
      await refused(["create-mesh", "--mesh-name", "m", "--spec", `file://${latin1}`]),
      `\nError parsing parameter '--spec': ${message}\n`,
    );
    assert.equal(
      await refused(["create-mesh", "--mesh-name", `file://${latin1}`]),
      `\nError parsing parameter '--mesh-name': ${message}\n`,
    );
  });

  it("binary contents are never echoed raw: fileb:// that is not text is refused, control characters are escaped", async () => {
    const binary = join(state.dir, "binary.bin");
    writeFileSync(binary, Buffer.from([0x7b, 0xff, 0x00, 0x1b, 0x5b, 0x32, 0x4a, 0x9b]));
    assert.equal(
      await refused(["create-mesh", "--mesh-name", "m", "--spec", `fileb://${binary}`]),
      `\nError parsing parameter '--spec': Unable to load paramfile (${binary}): its contents are binary, and --spec takes text\n`,
    );
    const controls = join(state.dir, "controls.json");
    writeFileSync(controls, Buffer.from([0x7b, 0x00, 0x1b, 0x5b, 0x32, 0x4a, 0x07]));
    const stderr = await refused(["create-mesh", "--mesh-name", "m", "--spec", `file://${controls}`]);
    assert.ok(stderr.endsWith("\nJSON received: {\\x00\\x1b[2J\\x07\n"), JSON.stringify(stderr));
  });

  it("a spec that breaks the model is reported member by member", async () => {
    assert.equal(
      await refused(["create-mesh", "--mesh-name", "", "--spec", '{"egressFilter": {"type": 1}, "bogus": true}']),
      [
        "",
        "Parameter validation failed:",
        "Invalid length for parameter meshName, value: 0, valid min length: 1",
        'Unknown parameter in spec: "bogus", must be one of: egressFilter, serviceDiscovery',
        "Invalid type for parameter spec.egressFilter.type, value: 1, type: <class 'int'>, valid types: <class 'str'>",
        "",
      ].join("\n"),
    );
  });
});

describe("a region that is no region name is refused before it reaches an ARN (exit 255)", () => {
  const state = tempStateDir();
  before(async () => {
    assert.equal((await runMesh(["create-mesh", "--mesh-name", "seeded"], { stateDir: state.dir })).code, 0);
  });
  after(() => state.cleanup());

  for (const [how, args, env] of [
    ["--region", ["--region", "us-east-1/../../x"], {}],
    ["AWS_REGION", [], { AWS_REGION: "us-east-1/../../x" }],
    ["an empty AWS_REGION", [], { AWS_REGION: "" }],
    ["--region with the AWS backend", ["--region", "us-east-1/../../x", "--endpoint-url", "http://127.0.0.1:9"], {}],
  ] as const) {
    it(how, async () => {
      const region = how === "an empty AWS_REGION" ? "" : "us-east-1/../../x";
      const result = await runMesh(["create-mesh", "--mesh-name", "m", ...args], { stateDir: state.dir, env });
      assert.deepEqual(result, {
        code: 255,
        stdout: "",
        stderr: `\nProvided region_name '${region}' doesn't match a supported format.\n`,
      });
    });
  }

  it("nothing was written under any of them, in any region", () => {
    withSqlite(join(state.dir, "state.db"), (db) => {
      assert.deepEqual(db.prepare("SELECT region, name FROM resources").all(), [
        { region: "us-east-1", name: "seeded" },
      ]);
    });
  });
});
