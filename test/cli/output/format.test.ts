/**
 * Every output format, byte for byte against what AWS CLI 2.9.19 printed for the same answers
 * (test/fixtures/output), and how each format treats the pages of a paginated call.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { type Answer, formatOutput, OUTPUT_FORMATS, type OutputOptions } from "../../../src/cli/output/format.js";
import { compileQuery } from "../../../src/cli/query.js";
import type { Paginator } from "../../../src/model/types.js";
import { caseNames, loadCase } from "../../helpers/output-cases.js";
import { meshJson, runMain, tempStateDir } from "../../helpers/run-mesh.js";

process.env.TZ = "UTC";

const ESC = "\x1b";

describe("output formats against the AWS CLI", () => {
  for (const name of caseNames()) {
    it(`${name}: json, text, table, yaml and yaml-stream print what aws printed`, async () => {
      const c = await loadCase(name);
      for (const format of OUTPUT_FORMATS) {
        assert.equal(
          await formatOutput(c.answer, c.options(format)),
          c.expected(`${format}.out`),
          `--output ${format}`,
        );
      }
    });
  }
});

describe("a paginated answer", () => {
  const paginator: Paginator = {
    inputToken: "nextToken",
    outputToken: "nextToken",
    limitKey: "limit",
    resultKey: "meshes",
  };
  const answer: Answer = {
    paginator,
    paged: {
      pages: [
        { meshes: [{ meshName: "a" }, { meshName: "b" }], nextToken: "2" },
        { meshes: [{ meshName: "c" }], nextToken: "3" },
      ],
      resumeToken: "TOKEN",
    },
  };
  const io = { isTTY: () => false, env: {}, columns: () => undefined };
  const print = async (format: OutputOptions["format"], expression?: string) =>
    formatOutput(answer, {
      format,
      title: "ListMeshes",
      io,
      query: expression === undefined ? undefined : await compileQuery(expression),
    });

  it("text prints page by page, the query applied to each page, then the resume token as a NEXTTOKEN row", async () => {
    assert.equal(await print("text"), "MESHES\ta\nMESHES\tb\nMESHES\tc\nNEXTTOKEN\tTOKEN\n");
    assert.equal(await print("text", "meshes[].meshName"), "a\tb\nc\nNone\n");
  });

  it("json, yaml and table merge the pages first, and apply the query to the merged result", async () => {
    assert.equal(await print("json", "length(meshes)"), "3\n");
    assert.equal(await print("yaml", "meshes[].meshName"), "- a\n- b\n- c\n");
    assert.equal(await print("json", "NextToken"), '"TOKEN"\n');
    assert.match(await print("table"), /^\| {2}NextToken \| {2}TOKEN {2}\|$/m);
  });

  it("yaml-stream prints each page as it came, service token included, as one list item", async () => {
    assert.equal(
      await print("yaml-stream"),
      "- meshes:\n  - meshName: a\n  - meshName: b\n  nextToken: '2'\n- meshes:\n  - meshName: c\n  nextToken: '3'\n",
    );
    assert.equal(await print("yaml-stream", "meshes[].meshName"), "- - a\n  - b\n- - c\n");
  });
});

describe("an answer that is one response", () => {
  const io = { isTTY: () => false, env: {}, columns: () => undefined };
  const print = (format: OutputOptions["format"], response: unknown) =>
    formatOutput({ response }, { format, title: "TagResource", io });

  it("an empty object prints nothing, in every format", async () => {
    for (const format of OUTPUT_FORMATS) assert.equal(await print(format, {}), "", format);
  });

  it("yaml-stream prints it as a one-item list, and a bare scalar stays YAML there", async () => {
    assert.equal(await print("yaml-stream", { a: 1 }), "- a: 1\n");
    assert.equal(await print("yaml-stream", "demo"), "- demo\n");
    assert.equal(await print("yaml", "demo"), '"demo"\n');
  });
});

describe("colour", () => {
  const response = { mesh: { meshName: "demo" } };
  const colored = async (color: string | undefined, tty: boolean, env: Record<string, string> = {}) => {
    const io = { isTTY: () => tty, env, columns: () => 80 };
    const out = await formatOutput({ response }, { format: "table", title: "DescribeMesh", color, io });
    return out.includes(ESC);
  };

  it("colours a table on a terminal by default (--color auto), and not when stdout is not one", async () => {
    assert.equal(await colored(undefined, true), true);
    assert.equal(await colored("auto", true), true);
    assert.equal(await colored("auto", false), false);
  });

  it("--color on colours even off a terminal; --color off never does", async () => {
    assert.equal(await colored("on", false), true);
    assert.equal(await colored("off", true), false);
  });

  it("NO_COLOR (not empty) turns the automatic colour off, but not --color on", async () => {
    assert.equal(await colored("auto", true, { NO_COLOR: "1" }), false);
    assert.equal(await colored("auto", true, { NO_COLOR: "" }), true);
    assert.equal(await colored("on", true, { NO_COLOR: "1" }), true);
  });

  it("never colours the other formats", async () => {
    const io = { isTTY: () => true, env: {}, columns: () => 80 };
    for (const format of ["json", "text", "yaml", "yaml-stream"] as const) {
      const out = await formatOutput({ response }, { format, title: "DescribeMesh", color: "on", io });
      assert.ok(!out.includes(ESC), format);
    }
  });
});

describe("through main(), on the local backend", () => {
  const state = tempStateDir();
  const run = (...args: string[]) => runMain(["list-meshes", ...args], { stateDir: state.dir });
  before(async () => {
    for (const name of ["a", "b", "c", "d", "e"])
      await meshJson(["create-mesh", "--mesh-name", name], { stateDir: state.dir });
  });
  after(() => state.cleanup());

  it("text applies --query to each page and prints each page's line", async () => {
    const result = await run("--page-size", "2", "--output", "text", "--query", "meshes[].meshName");
    assert.deepEqual(result, { code: 0, stdout: "a\tb\nc\td\ne\n", stderr: "" });
  });

  it("text prints a NEXTTOKEN row when --max-items cuts the list, and None when the query does not fit it", async () => {
    const cut = await run("--max-items", "1", "--output", "text", "--query", "meshes[].meshName");
    assert.equal(cut.stdout, "a\nNone\n");
    const rows = (await run("--max-items", "1", "--output", "text")).stdout.split("\n");
    assert.match(rows[0] ?? "", /^MESHES\tarn:aws:appmesh:[^\t]+\t[^\t]+\t[^\t]+\ta\t/);
    assert.match(rows[1] ?? "", /^NEXTTOKEN\t\S+$/);
  });

  it("json and yaml apply --query to the merged pages; yaml-stream prints one list item per page", async () => {
    const query = ["--page-size", "2", "--query", "meshes[].meshName"];
    assert.equal(
      (await run(...query, "--output", "json")).stdout,
      '[\n    "a",\n    "b",\n    "c",\n    "d",\n    "e"\n]\n',
    );
    assert.equal((await run(...query, "--output", "yaml")).stdout, "- a\n- b\n- c\n- d\n- e\n");
    assert.equal((await run(...query, "--output", "yaml-stream")).stdout, "- - a\n  - b\n- - c\n  - d\n- - e\n");
  });

  it("table is titled with the operation's name, and shows a NextToken row when cut", async () => {
    const out = (await run("--max-items", "1", "--output", "table")).stdout;
    assert.match(out, /^\|\s+ListMeshes\s+\|$/m);
    assert.match(out, /^\| {2}NextToken\| {2}\S+ +\|$/m);
    const describe = await runMain(["describe-mesh", "--mesh-name", "a", "--output", "table"], { stateDir: state.dir });
    assert.match(describe.stdout, /^\|\s+DescribeMesh\s+\|$/m);
    assert.ok(!describe.stdout.includes(ESC));
  });
});
