/** --output table, drawn as awscli's table formatter draws it. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { formatTable } from "../../../src/cli/output/table.js";
import { textWidth } from "../../../src/cli/output/text-width.js";
import { loadCase } from "../../helpers/output-cases.js";

process.env.TZ = "UTC";

const table = (value: unknown, terminalWidth?: number) => formatTable(value, "Op", { terminalWidth, color: false });

describe("table output", () => {
  it("frames the result under a centred title, the operation's name", () => {
    assert.equal(
      table({ a: "x", b: "y" }),
      "------------\n|    Op    |\n+----+-----+\n|  a |  b  |\n+----+-----+\n|  x |  y  |\n+----+-----+\n",
    );
  });

  it("writes an object's single scalar member as a `name | value` row", () => {
    assert.equal(
      table({ status: "ACTIVE" }),
      "----------------------\n|         Op         |\n+---------+----------+\n|  status |  ACTIVE  |\n+---------+----------+\n",
    );
  });

  it("puts a nested object in a section one level deeper, titled with its key, framed by one more | per side", () => {
    assert.equal(
      table({ mesh: { status: { status: "ACTIVE" } } }),
      [
        "--------------------------",
        "|           Op           |",
        "+------------------------+",
        "||         mesh         ||",
        "|+----------------------+|",
        "|||       status       |||",
        "||+---------+----------+||",
        "|||  status |  ACTIVE  |||",
        "||+---------+----------+||",
        "",
      ].join("\n"),
    );
  });

  it("makes a list of objects one section whose header is the union of their scalar keys, a missing key an empty cell", () => {
    assert.equal(
      table({ tags: [{ key: "a", value: "1" }, { key: "b" }] }),
      [
        "--------------------",
        "|        Op        |",
        "+------------------+",
        "||      tags      ||",
        "|+------+---------+|",
        "||  key |  value  ||",
        "|+------+---------+|",
        "||  a   |  1      ||",
        "||  b   |         ||",
        "|+------+---------+|",
        "",
      ].join("\n"),
    );
  });

  it("gives each object of a list its own section when they have nested members", () => {
    const out = table({ backends: [{ virtualService: { name: "a" } }, { virtualService: { name: "b" } }] });
    assert.equal(out.match(/^\|\| +backends +\|\|$/gm)?.length, 2);
    assert.equal(out.match(/^\|\|\| *virtualService *\|\|\|$/gm)?.length, 2);
  });

  it("writes a list of scalars one per row, and Python's str() of every value", () => {
    assert.equal(
      table([true, null, 3]),
      "----------\n|   Op   |\n+--------+\n|  True  |\n|  None  |\n|  3     |\n+--------+\n",
    );
  });

  it("prints nothing for a falsy result, and the title alone for a bare scalar", () => {
    for (const value of [null, 0, "", [], {}, false]) assert.equal(table(value), "");
    assert.equal(table("demo"), "----\n|Op|\n+--+\n");
  });

  it("turns one-row sections into key/value rows when the table is wider than the terminal", () => {
    const wide = { a: "x".repeat(40), b: "y".repeat(40) };
    assert.match(table(wide, 200), /^\| +a +\| +b +\|$/m);
    assert.match(table(wide), /^\| {2}a\| {2}x{40} {3}\|$/m);
  });

  it("counts East Asian wide and ambiguous characters as two columns", () => {
    assert.equal(textWidth("abc"), 3);
    assert.equal(textWidth("日本語"), 6);
    assert.equal(textWidth("grüße"), 7);
    assert.equal(
      table({ k: "日本" }),
      "---------------\n|     Op      |\n+----+--------+\n|  k |  日本  |\n+----+--------+\n",
    );
  });

  it("fails as awscli does on rows of different lengths", () => {
    assert.throws(() => table(["a", ["b", "c"]]), { message: "Row should have 1 elements, instead it has 2" });
  });

  it("on a 230-column terminal, keeps a wide table wide and colours it as awscli does", async () => {
    const c = await loadCase("describe-mesh");
    const response = "response" in c.answer ? c.answer.response : undefined;
    assert.equal(
      formatTable(response, "DescribeMesh", { terminalWidth: 230, color: true }),
      c.expected("table-tty230.out"),
    );
  });

  it("with colour on off a terminal, follows every write with colorama's reset code", async () => {
    const c = await loadCase("describe-virtual-node");
    const response = "response" in c.answer ? c.answer.response : undefined;
    assert.equal(formatTable(response, "DescribeVirtualNode", { color: true }), c.expected("table-color.out"));
  });
});
