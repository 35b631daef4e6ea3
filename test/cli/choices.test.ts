/** argparse's "Invalid choice" message and difflib's close matches. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { closeMatches, invalidChoiceMessage, ratio } from "../../src/cli/choices.js";

describe("invalid choices", () => {
  it("scores similarity as difflib's SequenceMatcher does", () => {
    assert.equal(ratio("abcd", "bcde"), 0.75);
    assert.equal(ratio("create-mesh", "create-mes"), 20 / 21);
  });

  it("suggests at most three choices scoring 0.8 or more, best first", () => {
    assert.deepEqual(closeMatches("create-mes", ["create-mesh", "delete-mesh", "list-meshes"]), ["create-mesh"]);
    assert.deepEqual(closeMatches("zzz", ["create-mesh"]), []);
  });

  it("lists the choices in two 40-wide columns", () => {
    assert.equal(
      invalidChoiceMessage("--output", "xml", ["json", "text", "table"]),
      `argument --output: Invalid choice, valid choices are:\n\n${"json".padEnd(40)} | ${"text".padEnd(40)}\n${"table".padEnd(40)}`,
    );
  });
});
