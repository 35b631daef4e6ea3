/** src/graph/ is the graph model, its sources and renderers: the `mesh graph` command's glue lives in src/cli/commands/. */
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { it } from "node:test";
import { repoRoot } from "../../scripts/generate-model.js";

it("nothing under src/graph/ imports from src/cli/", () => {
  const root = join(repoRoot, "src", "graph");
  const files = readdirSync(root, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".ts"));
  assert.ok(files.length > 10);
  const offenders = files.filter((file) =>
    /(from |import\()"(\.\.\/)+cli\//.test(readFileSync(join(root, file), "utf8")),
  );
  assert.deepEqual(
    offenders.map((file) => relative(repoRoot, join(root, file))),
    [],
  );
});
