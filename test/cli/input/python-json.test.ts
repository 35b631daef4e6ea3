/** JSON parameter errors quote Python's json module, as the AWS CLI does. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parsePythonJson } from "../../../src/cli/input/python-json.js";

function pythonError(text: string): string {
  try {
    parsePythonJson(text);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error(`${text} parsed`);
}

describe("Python-compatible JSON parsing", () => {
  it("parses valid JSON, keeping key order", () => {
    assert.deepEqual(Object.keys(parsePythonJson('{"b": 1, "a": [true, null]}') as object), ["b", "a"]);
  });

  it("accepts the NaN and Infinity literals Python accepts", () => {
    assert.deepEqual(parsePythonJson("[NaN, -Infinity]"), [Number.NaN, Number.NEGATIVE_INFINITY]);
  });

  it("reports errors with Python's words and positions", () => {
    assert.equal(pythonError('{"egressFilter":'), "Expecting value: line 1 column 17 (char 16)");
    assert.equal(
      pythonError("{'a': 1}"),
      "Expecting property name enclosed in double quotes: line 1 column 2 (char 1)",
    );
    assert.equal(pythonError('{"a" 1}'), "Expecting ':' delimiter: line 1 column 6 (char 5)");
    assert.equal(pythonError('{"a": 1 "b": 2}'), "Expecting ',' delimiter: line 1 column 9 (char 8)");
    assert.equal(pythonError('{"a": "x'), "Unterminated string starting at: line 1 column 7 (char 6)");
    assert.equal(pythonError("{} {}"), "Extra data: line 1 column 4 (char 3)");
    assert.equal(pythonError('{\n  "a": }'), "Expecting value: line 2 column 8 (char 9)");
    assert.equal(pythonError(""), "Expecting value: line 1 column 1 (char 0)");
  });
});
