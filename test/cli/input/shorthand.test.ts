/** The AWS CLI's shorthand syntax: same grammar, same results, same error text. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseShorthand, ShorthandParseError } from "../../../src/cli/input/shorthand.js";

describe("shorthand syntax", () => {
  it("reads key=value pairs separated by commas", () => {
    assert.deepEqual(parseShorthand("key=a,value=b"), { key: "a", value: "b" });
  });

  it("reads nested structures in braces", () => {
    assert.deepEqual(parseShorthand("egressFilter={type=DROP_ALL}"), { egressFilter: { type: "DROP_ALL" } });
  });

  it("reads a bare comma-separated list until the next key", () => {
    assert.deepEqual(parseShorthand("foo=a,b,c=d"), { foo: ["a", "b"], c: "d" });
  });

  it("reads explicit lists of structures", () => {
    assert.deepEqual(parseShorthand("targets=[{node=v1,weight=80},{node=v2,weight=20}]"), {
      targets: [
        { node: "v1", weight: "80" },
        { node: "v2", weight: "20" },
      ],
    });
  });

  it("keeps = inside a value and honours quotes and escaped commas", () => {
    assert.deepEqual(parseShorthand("value=x=y"), { value: "x=y" });
    assert.deepEqual(parseShorthand("value='a,b'"), { value: "a,b" });
    assert.deepEqual(parseShorthand('value="say \\"hi\\""'), { value: 'say "hi"' });
    assert.deepEqual(parseShorthand("value=a\\,b"), { value: "a,b" });
  });

  it("an empty value is the empty string", () => {
    assert.deepEqual(parseShorthand("value="), { value: "" });
  });

  it("a syntax error names what was expected and points at the column", () => {
    assert.throws(
      () => parseShorthand("egressFilter={type=DROP_ALL"),
      (error: unknown) =>
        error instanceof ShorthandParseError &&
        error.message ===
          "Expected: ',', received: 'EOF' for input:\negressFilter={type=DROP_ALL\n                           ^",
    );
    assert.throws(() => parseShorthand("novalue"), /Expected: '=', received: 'EOF'/);
  });
});
