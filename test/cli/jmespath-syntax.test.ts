/**
 * --query is checked as the AWS CLI's jmespath.py checks it: valid expressions pass (literals rewritten
 * as JSON for the evaluator), bad ones fail with jmespath.py's message and caret lines. The AWS CLI's
 * own bytes for bad queries are in test/fixtures/aws-cli/query-*.json.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { checkJmespath } from "../../src/cli/jmespath-syntax.js";

describe("JMESPath syntax as jmespath.py reads it", () => {
  it("accepts the grammar's expressions", () => {
    for (const expression of [
      "meshes[].meshName",
      "sort_by(meshes, &meshName)[-1]",
      "meshes[0:2]",
      "meshes[::-1]",
      "meshes[*].{n: meshName, v: version}",
      "meshes[].metadata.[arn, uid]",
      "a || b && !c",
      'a."quoted key"',
      "meshes[?version > `1`] | [0]",
      "*.a",
      "a[].b[]",
      "@",
    ]) {
      assert.equal(checkJmespath(expression), expression, expression);
    }
  });

  it("rewrites literals as JSON, the legacy unquoted form included", () => {
    assert.equal(checkJmespath("`foo`"), '`"foo"`');
    assert.equal(checkJmespath("meshes[?meshName=='demo']"), 'meshes[?meshName==`"demo"`]');
    assert.equal(checkJmespath('`{"a": 1}`'), '`{"a":1}`');
  });

  it("points at the failing token", () => {
    assert.throws(() => checkJmespath("meshes[["), {
      message:
        'Expecting: star, got: lbracket: Parse error at column 7, token "[" (LBRACKET), for expression:\n"meshes[["\n        ^',
    });
    assert.throws(() => checkJmespath("a |"), {
      message: 'Invalid jmespath expression: Incomplete expression:\n"a |"\n    ^',
    });
    assert.throws(() => checkJmespath("a[?b==$x]"), {
      message: "Bad jmespath expression: Unknown token $:\na[?b==$x]\n      ^",
    });
    assert.throws(() => checkJmespath(""), { message: "Invalid JMESPath expression: cannot be empty." });
  });
});
