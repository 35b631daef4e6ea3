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

  it("keys take letters, digits and - _ . # / : (Cloud Map's AWS_INSTANCE_IPV4, dotted and path-like keys)", () => {
    assert.deepEqual(parseShorthand("AWS_INSTANCE_IPV4=10.0.0.7,AWS_INSTANCE_PORT=8080"), {
      AWS_INSTANCE_IPV4: "10.0.0.7",
      AWS_INSTANCE_PORT: "8080",
    });
    assert.deepEqual(parseShorthand("team.name=x,zone:a/b-c#d=1"), { "team.name": "x", "zone:a/b-c#d": "1" });
    assert.deepEqual(parseShorthand("__proto__=x"), JSON.parse('{"__proto__": "x"}'));
  });

  it("values may hold spaces; trailing ones are dropped (as awscli's parser does)", () => {
    assert.deepEqual(parseShorthand("a=b c"), { a: "b c" });
    assert.deepEqual(parseShorthand("a=b ,c=d"), { a: "b", c: "d" });
    assert.deepEqual(parseShorthand("a=[x y, z]"), { a: ["x y", "z"] });
    assert.deepEqual(parseShorthand("a=' q ',b=2"), { a: " q ", b: "2" });
  });

  it("a key repeated at the top level is refused, with the caret under its second instance", () => {
    assert.throws(
      () => parseShorthand("key=a,value=b,key=c"),
      (error: unknown) =>
        error instanceof ShorthandParseError &&
        error.message ===
          'Second instance of key "key" encountered for input:\nkey=a,value=b,key=c\n              ^\n' +
            'This is often because there is a preceding "," instead of a space.',
    );
  });

  it("on several lines, the caret line follows the line it points into", () => {
    assert.throws(
      () => parseShorthand("a=1,\nb=2,a=3\nc=4"),
      (error: unknown) =>
        error instanceof ShorthandParseError &&
        error.message.startsWith('Second instance of key "a" encountered for input:\na=1,\nb=2,a=3\n    ^\nc=4\n'),
    );
  });

  it("within braces a repeated key keeps the last value, as the AWS CLI does", () => {
    assert.deepEqual(parseShorthand("k={a=1,a=2}"), { k: { a: "2" } });
  });
});
