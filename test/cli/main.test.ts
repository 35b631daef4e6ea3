/** The command line end to end, in-process through main(): output formats, paging flags, skeletons, exit codes. */
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { meshJson, runMain, tempStateDir } from "../helpers/run-mesh.js";

process.env.TZ = "UTC";

describe("mesh command line", () => {
  const state = tempStateDir();
  const opts = { stateDir: state.dir };
  const run = (...args: string[]) => runMain(args, opts);
  before(async () => {
    for (const name of ["a", "b", "c", "d", "e"]) await meshJson(["create-mesh", "--mesh-name", name], opts);
  });
  after(() => state.cleanup());

  describe("output", () => {
    it("--output text prints tab-separated rows", async () => {
      const result = await run("describe-mesh", "--mesh-name", "a", "--query", "mesh.status", "--output", "text");
      assert.deepEqual(result, { code: 0, stdout: "ACTIVE\n", stderr: "" });
    });

    it("AWS_DEFAULT_OUTPUT picks the format, and --output wins over it", async () => {
      const env = { AWS_DEFAULT_OUTPUT: "text" };
      assert.equal(
        (await runMain(["describe-mesh", "--mesh-name", "a", "--query", "mesh.meshName"], { ...opts, env })).stdout,
        "a\n",
      );
      const json = await runMain(
        ["describe-mesh", "--mesh-name", "a", "--query", "mesh.meshName", "--output", "json"],
        {
          ...opts,
          env,
        },
      );
      assert.equal(json.stdout, '"a"\n');
    });

    it("the profile's output setting comes after --output and AWS_DEFAULT_OUTPUT", async () => {
      const config = join(state.dir, "aws-config");
      writeFileSync(config, "[default]\noutput = json\n[profile texty]\noutput = text\nregion = us-east-1\n");
      const args = ["describe-mesh", "--mesh-name", "a", "--query", "mesh.meshName"];
      const env = { AWS_CONFIG_FILE: config };
      assert.equal((await runMain([...args, "--profile", "texty"], { ...opts, env })).stdout, "a\n");
      assert.equal((await runMain(args, { ...opts, env: { ...env, AWS_PROFILE: "texty" } })).stdout, "a\n");
      assert.equal((await runMain(args, { ...opts, env })).stdout, '"a"\n');
      const overridden = await runMain([...args, "--profile", "texty"], {
        ...opts,
        env: { ...env, AWS_DEFAULT_OUTPUT: "json" },
      });
      assert.equal(overridden.stdout, '"a"\n');
    });

    it("global options may come before the command", async () => {
      assert.equal(
        (await run("--output", "text", "describe-mesh", "--mesh-name", "a", "--query", "mesh.meshName")).stdout,
        "a\n",
      );
    });

    it("an empty result prints nothing", async () => {
      const arn = "arn:aws:appmesh:us-east-1:123456789012:mesh/a";
      assert.deepEqual(await run("tag-resource", "--resource-arn", arn, "--tags", "key=k,value=v"), {
        code: 0,
        stdout: "",
        stderr: "",
      });
    });

    it("an unknown --output is an invalid choice", async () => {
      const result = await run("list-meshes", "--output", "xml");
      assert.equal(result.code, 252);
      assert.match(result.stderr, /mesh: error: argument --output: Invalid choice, valid choices are:/);
    });

    it("a bad --query is refused before any call", async () => {
      const result = await run("list-meshes", "--query", "meshes[[");
      assert.equal(result.code, 252);
      assert.match(result.stderr, /^\nBad value for --query meshes\[\[: /);
    });
  });

  describe("input", () => {
    it("shorthand lists of structures keep their members (listeners=[{portMapping={...}}])", async () => {
      const result = await run(
        "create-virtual-router",
        "--mesh-name",
        "a",
        "--virtual-router-name",
        "r",
        "--spec",
        "listeners=[{portMapping={port=80,protocol=http}}]",
        "--query",
        "virtualRouter.spec",
      );
      assert.equal(result.stderr, "");
      assert.deepEqual(JSON.parse(result.stdout), { listeners: [{ portMapping: { port: 80, protocol: "http" } }] });
    });
  });

  describe("paging", () => {
    const names = async (...args: string[]) => {
      const output = await meshJson(["list-meshes", ...args], opts);
      return { names: (output.meshes as { meshName: string }[]).map((m) => m.meshName), output };
    };

    it("auto-paginates and merges every page", async () => {
      assert.deepEqual((await names("--page-size", "2")).names, ["a", "b", "c", "d", "e"]);
    });

    it("--max-items cuts the result and --starting-token resumes it", async () => {
      const first = await names("--max-items", "3", "--page-size", "2");
      assert.deepEqual(first.names, ["a", "b", "c"]);
      assert.equal(typeof first.output.NextToken, "string");
      const rest = await names("--starting-token", String(first.output.NextToken), "--page-size", "2");
      assert.deepEqual(rest.names, ["d", "e"]);
    });

    it("--limit makes one call and shows the service's own nextToken", async () => {
      const { names: page, output } = await names("--limit", "2");
      assert.deepEqual(page, ["a", "b"]);
      assert.equal(typeof output.nextToken, "string");
    });

    it("--no-paginate does not mix with the paging flags", async () => {
      const result = await run("list-meshes", "--no-paginate", "--page-size", "2");
      assert.deepEqual(result, {
        code: 252,
        stdout: "",
        stderr: "\nCannot specify --no-paginate along with pagination arguments: --page-size\n",
      });
    });

    it("--page-size 0 is reported as the limit parameter", async () => {
      const result = await run("list-meshes", "--page-size", "0");
      assert.equal(
        result.stderr,
        "\nParameter validation failed:\nInvalid value for parameter limit, value: 0, valid min value: 1\n",
      );
    });

    it("a non-numeric --max-items is an argparse error, a non-numeric --limit a ValueError (255)", async () => {
      const maxItems = await run("list-meshes", "--max-items", "abc");
      assert.equal(maxItems.code, 252);
      assert.match(maxItems.stderr, /mesh: error: argument --max-items: invalid int value: 'abc'/);
      assert.deepEqual(await run("list-meshes", "--limit", "abc"), {
        code: 255,
        stdout: "",
        stderr: "\ninvalid literal for int() with base 10: 'abc'\n",
      });
    });
  });

  describe("input documents and skeletons", () => {
    it("--generate-cli-skeleton prints the input shape, without requiring flags", async () => {
      const result = await run("create-mesh", "--generate-cli-skeleton");
      assert.equal(result.code, 0);
      assert.deepEqual(JSON.parse(result.stdout), {
        clientToken: "",
        meshName: "",
        spec: { egressFilter: { type: "ALLOW_ALL" }, serviceDiscovery: { ipPreference: "IPv6_PREFERRED" } },
        tags: [{ key: "", value: "" }],
      });
      assert.ok(result.stdout.startsWith('{\n    "clientToken": ""'));
    });

    it("--generate-cli-skeleton yaml-input is the same skeleton in YAML, marking required members and enums", async () => {
      const yaml = (await run("create-route", "--generate-cli-skeleton", "yaml-input")).stdout;
      const json = (await run("create-route", "--generate-cli-skeleton")).stdout;
      const { parse } = await import("yaml");
      assert.deepEqual(parse(yaml), JSON.parse(json));
      assert.match(yaml, /^routeName: '' # \[REQUIRED\]$/m);
      assert.match(yaml, /^ {4}type: ALLOW_ALL|unit: s # Valid values are: s, ms\.$/m);
    });

    it("--cli-input-yaml supplies the input, and flags win over it", async () => {
      const result = await run(
        "describe-mesh",
        "--cli-input-yaml",
        "meshName: nope\n",
        "--mesh-name",
        "b",
        "--query",
        "mesh.meshName",
      );
      assert.equal(result.stdout, '"b"\n');
    });

    it("refuses both --cli-input-json and --cli-input-yaml", async () => {
      const result = await run("describe-mesh", "--cli-input-json", "{}", "--cli-input-yaml", "{}");
      assert.deepEqual(result, {
        code: 252,
        stdout: "",
        stderr: "\nOnly one --cli-input- parameter may be specified.\n",
      });
    });

    it("reports a missing member of a --cli-input-json document through validation", async () => {
      const result = await run("describe-mesh", "--cli-input-json", "{}");
      assert.equal(result.stderr, '\nParameter validation failed:\nMissing required parameter in input: "meshName"\n');
    });
  });

  describe("help and version", () => {
    it("`mesh <command> help` shows the command's synopsis and options", async () => {
      const result = await run("create-route", "help");
      assert.equal(result.code, 0);
      assert.match(
        result.stdout,
        /SYNOPSIS\n {12}create-route\n {10}\[--client-token <value>\]\n {10}--mesh-name <value>/,
      );
      assert.match(result.stdout, /--spec \(structure\)/);
    });

    it("`mesh help` lists every command", async () => {
      const result = await run("help");
      assert.match(result.stdout, /o create-gateway-route/);
      assert.match(result.stdout, /o update-virtual-service/);
    });

    it("--version prints the name/version line", async () => {
      assert.match((await run("--version")).stdout, /^mesh\/\d+\.\d+\.\d+ node\/v\d+/);
    });

    it("no command at all is an argparse error", async () => {
      const result = await run();
      assert.equal(result.code, 252);
      assert.match(result.stderr, /mesh: error: the following arguments are required: command\n\n$/);
    });
  });
});
