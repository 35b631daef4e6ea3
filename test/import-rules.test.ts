/**
 * The architecture, as a table: which folder of src/ may import which. Dependencies point one way
 * (cli → backend → emulator → validate / snapshot → model), and the data plane keeps Envoy's split: the
 * contract (envoy/) imports nothing, translation is pure, the proxy runs from an Envoy-shaped config
 * and never sees a mesh resource. A folder missing from the table fails the test, so a new one must
 * say where it sits.
 */
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, it } from "node:test";
import { repoRoot } from "./helpers/paths.js";

/** Folder (relative to src/; the longest that contains a file decides) → the folders it may import. */
const RULES: Record<string, string[]> = {
  model: [],
  snapshot: ["model"],
  validate: ["model", "snapshot"],
  graph: ["model", "snapshot"],
  emulator: ["model", "validate", "snapshot"],
  backend: ["model", "snapshot", "emulator"],
  net: [],
  "dataplane/envoy": [],
  "dataplane/translate": ["dataplane/envoy", "snapshot", "model"],
  "dataplane/proxy": ["dataplane/envoy", "net"],
  "dataplane/admin": ["dataplane/envoy", "dataplane/proxy", "net"],
  "dataplane/explain": ["dataplane/envoy", "dataplane/proxy", "dataplane/translate", "snapshot", "model"],
  "dataplane/up": ["dataplane/envoy", "dataplane/translate", "dataplane/proxy", "dataplane/admin", "snapshot", "net"],
  "dataplane/xds": ["dataplane/envoy", "dataplane/translate", "snapshot", "model", "emulator", "net"],
  dataplane: ["dataplane", "snapshot", "model", "emulator", "validate", "net"],
  "migrate/calls": ["model"],
  "migrate/import": ["model", "validate"],
  "migrate/apply": ["model", "migrate/calls", "migrate/import"],
  "migrate/cascade": ["model", "migrate/calls"],
  "migrate/export": ["model", "snapshot", "dataplane/translate", "dataplane/envoy"],
  "migrate/evaluate": [],
  migrate: ["migrate", "model", "snapshot", "validate", "dataplane/translate", "dataplane/envoy"],
  cli: ["cli", "model", "validate", "snapshot", "graph", "backend", "emulator", "net", "dataplane", "migrate"],
};

const SRC = join(repoRoot, "src");

function sourceFiles(): string[] {
  return readdirSync(SRC, { recursive: true, encoding: "utf8" })
    .filter((file) => file.endsWith(".ts"))
    .map((file) => join(SRC, file));
}

/** The table's folder that holds `file` (a path under src/), or undefined. */
function folderOf(file: string): string | undefined {
  const path = relative(SRC, file).split("\\").join("/");
  return Object.keys(RULES)
    .filter((folder) => path.startsWith(`${folder}/`))
    .sort((a, b) => b.length - a.length)[0];
}

/** Whether a file in folder `from` may import one in folder `to` (an allowed folder covers its subfolders). */
function allowed(from: string, to: string): boolean {
  return to === from || (RULES[from] ?? []).some((folder) => to === folder || to.startsWith(`${folder}/`));
}

/** The project files a source file imports (statically or with import()), as absolute paths. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const specifiers = [...text.matchAll(/(?:from |import\()"(\.{1,2}\/[^"]+)"/g)].map((match) => match[1] as string);
  return specifiers.map((specifier) => resolve(dirname(file), specifier.replace(/\.js$/, ".ts")));
}

describe("import rules", () => {
  const files = sourceFiles();

  it("every source folder has a place in the table", () => {
    const unplaced = files.filter((file) => !folderOf(file) && dirname(file) !== SRC);
    assert.deepEqual(
      unplaced.map((file) => relative(repoRoot, file)),
      [],
    );
  });

  it("every import goes where the table allows", () => {
    const offences: string[] = [];
    for (const file of files) {
      const from = folderOf(file);
      if (!from) continue;
      for (const target of importsOf(file)) {
        const to = folderOf(target);
        if (to && !allowed(from, to)) offences.push(`${relative(SRC, file)} → ${relative(SRC, target)}`);
      }
    }
    assert.deepEqual(offences, []);
  });

  it("refuses what the architecture forbids", () => {
    const folder = (...path: string[]) => folderOf(join(SRC, ...path)) as string;
    assert.equal(allowed(folder("dataplane", "proxy", "router.ts"), folder("snapshot", "snapshot.ts")), false);
    assert.equal(allowed(folder("dataplane", "envoy", "types.ts"), folder("model", "json.ts")), false);
    assert.equal(allowed(folder("emulator", "open.ts"), folder("backend", "backend.ts")), false);
    assert.equal(allowed(folder("cli", "main.ts"), folder("dataplane", "proxy", "router.ts")), true);
  });
});
