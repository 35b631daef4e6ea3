/**
 * Expected outputs of the graph tests, committed under test/fixtures/graph/. `UPDATE_EXPECTED=1` rewrites
 * them from the current output instead of comparing (then review the diff before committing it).
 */
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { repoRoot } from "../helpers/paths.js";

export const GRAPH_FIXTURES = join(repoRoot, "test", "fixtures", "graph");

export function assertExpected(actual: string, file: string): void {
  const path = join(GRAPH_FIXTURES, file);
  if (process.env.UPDATE_EXPECTED === "1") writeFileSync(path, actual);
  assert.equal(actual, readFileSync(path, "utf8"), `output differs from test/fixtures/graph/${file}`);
}
