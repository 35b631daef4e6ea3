/** --output text, line for line as awscli's text formatter writes it. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { formatText } from "../../../src/cli/output/text.js";

describe("text output", () => {
  it("writes an object's scalars on one line, keys sorted, under its parent's name", () => {
    assert.equal(formatText({ spec: { egressFilter: { type: "DROP_ALL" } } }), "EGRESSFILTER\tDROP_ALL\n");
  });

  it("writes a list of objects with the union of their scalar keys as columns", () => {
    assert.equal(
      formatText({
        meshes: [
          { meshName: "a", version: 1 },
          { meshName: "b", arn: "x" },
        ],
      }),
      "MESHES\t\ta\t1\nMESHES\tx\tb\t\n",
    );
  });

  it("writes scalar lists one item per line under their key, and a bare scalar list on one line", () => {
    assert.equal(formatText({ tagKeys: ["a", "b"] }), "TAGKEYS\ta\nTAGKEYS\tb\n");
    assert.equal(formatText(["a", "b"]), "a\tb\n");
  });

  it("fails as awscli does on a list that holds objects and other values", () => {
    assert.throws(() => formatText([{ a: 1 }, "x"]), { message: "'str' object has no attribute 'items'" });
    assert.throws(() => formatText({ l: [null, { a: 1 }] }), { message: "'NoneType' object has no attribute 'items'" });
  });

  it("renders values as Python's str() does", () => {
    assert.equal(formatText({ a: true, b: null }), "True\tNone\n");
    assert.equal(formatText("ACTIVE"), "ACTIVE\n");
  });
});
