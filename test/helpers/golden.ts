/**
 * Golden files: a test's output compared with a committed file under test/fixtures/. Run the tests with
 * UPDATE_GOLDEN=1 to rewrite the files from the current output, then review the diff like code.
 */
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { repoRoot } from "./paths.js";

export function assertGolden(relativePath: string, actual: unknown): void {
  const path = join(repoRoot, "test", "fixtures", relativePath);
  const text = `${JSON.stringify(actual, null, 2)}\n`;
  if (process.env.UPDATE_GOLDEN === "1") writeFileSync(path, text);
  assert.equal(text, readFileSync(path, "utf8"), `${relativePath} differs (UPDATE_GOLDEN=1 rewrites it)`);
}
