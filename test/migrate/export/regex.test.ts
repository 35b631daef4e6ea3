/** The regex that stands for App Mesh's numeric header range [start, end) takes exactly those integers. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { escapeRegex, rangeRegex } from "../../../src/migrate/export/regex.js";

const matches = (pattern: string, value: string) => new RegExp(`^(?:${pattern})$`).test(value);

describe("rangeRegex", () => {
  it("takes every integer of [start, end) and nothing else, over ranges across digit counts and signs", () => {
    const ranges: [number, number][] = [
      [0, 1],
      [0, 10],
      [5, 120],
      [99, 1001],
      [-15, 7],
      [-120, -3],
      [17, 17],
      [250, 251],
    ];
    for (const [start, end] of ranges) {
      const pattern = rangeRegex(start, end);
      for (let n = -200; n <= 1200; n++) {
        assert.equal(matches(pattern, String(n)), n >= start && n < end, `${n} in [${start}, ${end}) by ${pattern}`);
      }
    }
  });

  it("takes no other spelling: leading zeros, a plus sign, decimals", () => {
    const pattern = rangeRegex(0, 100);
    for (const value of ["007", "+5", "5.0", "", "-0"]) assert.equal(matches(pattern, value), false, value);
  });
});

describe("escapeRegex", () => {
  it("makes a literal of any text", () => {
    const text = "a.b*c+(d)[e]{f}|g^h$i?\\";
    assert.ok(matches(escapeRegex(text), text));
    assert.ok(!matches(escapeRegex("a.b"), "axb"));
  });
});
