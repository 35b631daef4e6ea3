/**
 * The repository is self-contained: a clone anywhere, with nothing beside it, builds and passes its
 * tests. No source, script, test or benchmark reaches for a folder above the repository (the API
 * models live in models/), the generator reads the models from there, and the lock file is the one
 * `npm install` keeps.
 */
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { modelsDir, SERVICES } from "../scripts/generate-model.js";
import { repoRoot } from "./helpers/paths.js";

const PARENT = ["\\.\\./shared", '"\\.\\.",\\s*"shared"', "'\\.\\.',\\s*'shared'"];
const OUTSIDE = new RegExp(PARENT.join("|"));

interface LockEntry {
  optionalDependencies?: Record<string, string>;
}

/** The entry npm would resolve `name` to from the package at `from`: the nearest node_modules up the tree. */
function resolveIn(packages: Record<string, LockEntry>, from: string, name: string): boolean {
  let base = from;
  for (;;) {
    if (packages[`${base ? `${base}/` : ""}node_modules/${name}`]) return true;
    if (base === "") return false;
    const cut = base.lastIndexOf("/node_modules/");
    base = cut < 0 ? "" : base.slice(0, cut);
  }
}

function files(folder: string): string[] {
  return readdirSync(join(repoRoot, folder), { recursive: true, encoding: "utf8" })
    .filter((file) => /\.(ts|js|json)$/.test(file))
    .map((file) => join(folder, file));
}

describe("a self-contained repository", () => {
  it("nothing in src/, scripts/, test/, bench/ or package.json reads the shared folder beside the repository", () => {
    const readers = ["src", "scripts", "test", "bench"]
      .flatMap(files)
      .concat("package.json")
      .filter((file) => OUTSIDE.test(readFileSync(join(repoRoot, file), "utf8")));
    assert.deepEqual(readers, []);
  });

  it("package-lock.json is complete: every optional (platform) package has its entry, so npm install leaves it unchanged", () => {
    const lock = JSON.parse(readFileSync(join(repoRoot, "package-lock.json"), "utf8")) as {
      packages: Record<string, LockEntry>;
    };
    const missing = Object.entries(lock.packages).flatMap(([path, entry]) =>
      Object.keys(entry.optionalDependencies ?? {})
        .filter((name) => !resolveIn(lock.packages, path, name))
        .map((name) => `${path} → ${name}`),
    );
    assert.deepEqual(missing, []);
  });

  it("the API models the generator reads are in the repository", () => {
    assert.equal(modelsDir, join(repoRoot, "models"));
    for (const { model } of SERVICES) {
      for (const suffix of [".json", ".paginators.json"]) {
        assert.ok(existsSync(join(modelsDir, `${model}${suffix}`)), `models/${model}${suffix}`);
      }
    }
  });
});
