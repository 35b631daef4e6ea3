/**
 * --output yaml as the AWS CLI prints it (ruamel.yaml's safe dumper over libyaml). Every expectation here
 * was checked against the YAML dumper of AWS CLI 2.9.19 itself.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { formatYaml, formatYamlStream } from "../../../src/cli/output/yaml.js";

const value = async (v: unknown) => formatYaml({ v });

describe("yaml output", () => {
  it("writes block mappings with sorted keys, and sequences in a mapping at the mapping's own indentation", async () => {
    assert.equal(
      await formatYaml({ b: { z: 1, a: [1, { k: "v", c: true }] }, A: null }),
      "A: null\nb:\n  a:\n  - 1\n  - c: true\n    k: v\n  z: 1\n",
    );
    assert.equal(await formatYaml([[1, [2]], []]), "- - 1\n  - - 2\n- []\n");
  });

  it("writes empty collections in flow style, and nothing at all for an empty result", async () => {
    assert.equal(await formatYaml({ a: [], b: {} }), "a: []\nb: {}\n");
    assert.equal(await formatYaml({}), "");
    assert.equal(await formatYaml([]), "[]\n");
  });

  it("prints a bare scalar or null as JSON", async () => {
    assert.equal(await formatYaml("demo"), '"demo"\n');
    assert.equal(await formatYaml(12), "12\n");
    assert.equal(await formatYaml(null), "null\n");
  });

  it("quotes a string that YAML 1.2 would read as something else: numbers, booleans, null, timestamps", async () => {
    for (const text of ["123456789012", "1.0", "1e3", "0o17", "0x1F", "1_000", "+12", ".inf", ".NaN"]) {
      assert.equal(await value(text), `v: '${text}'\n`, text);
    }
    for (const text of ["true", "False", "null", "~", "2023-11-14", "2023-11-14T22:13:20.123000+00:00", "=", "<<"]) {
      assert.equal(await value(text), `v: '${text}'\n`, text);
    }
    assert.equal(await value(""), "v: ''\n");
  });

  it("leaves plain what only YAML 1.1 would read as a boolean, a sexagesimal or an octal", async () => {
    for (const text of [
      "yes",
      "No",
      "on",
      "Off",
      "y",
      "12:30",
      ".5e3",
      "-x",
      "a:b",
      "a#b",
      "x's",
      'x"',
      "ü",
      "日本語",
    ]) {
      assert.equal(await value(text), `v: ${text}\n`, text);
    }
  });

  it("single-quotes indicators and edge spaces, doubling quotes inside", async () => {
    for (const text of ["- x", "? x", ": x", "a: b", "a #b", "#a", "x:", "---", "%x", "@x", "[x]", "{x}", " a", "a "]) {
      assert.equal(await value(text), `v: '${text}'\n`, text);
    }
    assert.equal(await value("'x"), "v: '''x'\n");
    assert.equal(await value("it's: a"), "v: 'it''s: a'\n");
  });

  it("keeps line breaks in single quotes as blank lines, indented under the key", async () => {
    assert.equal(await value("line one\nline two"), "v: 'line one\n\n  line two'\n");
    assert.equal(await value("a\n\nb"), "v: 'a\n\n\n  b'\n");
  });

  it("double-quotes what cannot be single-quoted, with libyaml's escapes", async () => {
    assert.equal(await value("a\tb"), 'v: "a\\tb"\n');
    assert.equal(await value("a \nb"), 'v: "a \\nb"\n');
    assert.equal(await value("\x1b\x00\x7f\x85\ufeff"), 'v: "\\e\\0\\x7F\\N\\uFEFF"\n');
    assert.equal(await value("😀"), 'v: "\\U0001F600"\n');
  });

  it("folds a long string at the first space past column 80, so a line may run a word over", async () => {
    const words = "the quick brown fox jumps over the lazy dog and keeps on running through the forest until night";
    assert.equal(
      await formatYaml({ tags: [{ value: words }] }),
      "tags:\n- value: the quick brown fox jumps over the lazy dog and keeps on running through\n    the forest until night\n",
    );
    assert.equal(await value(`${"a".repeat(90)} b`), `v: ${"a".repeat(90)}\n  b\n`);
    assert.equal(await value(`${"x ".repeat(45)}`), `v: '${"x ".repeat(38)}x\n  ${"x ".repeat(6)}'\n`);
  });

  it("writes an object met twice once, anchored as &id001, then as the alias *id001", async () => {
    const status = { status: "ACTIVE" };
    assert.equal(await formatYaml([status, status]), "- &id001\n  status: ACTIVE\n- *id001\n");
  });
});

describe("yaml-stream output", () => {
  it("writes each response as a one-item list, one after the other", async () => {
    assert.equal(await formatYamlStream([{ meshes: [] }, { meshes: ["a"] }]), "- meshes: []\n- meshes:\n  - a\n");
  });
});
