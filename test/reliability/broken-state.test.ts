/**
 * A state that cannot be used never crashes `mesh`: whatever is wrong (the directory, the file, its
 * contents, mesh.json), bin/mesh.js prints one line on stderr that says what and where, nothing on
 * stdout, and exits 255; and it changes nothing.
 */
import assert from "node:assert/strict";
import { chmodSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { brokenStates, seed, withSqlite } from "../helpers/broken-states.js";
import { type MeshResult, runMesh, tempStateDir } from "../helpers/run-mesh.js";

function assertOneLine(result: MeshResult, message: RegExp): void {
  assert.equal(result.code, 255, result.stderr);
  assert.equal(result.stdout, "");
  assert.match(result.stderr, /^\n[^\n]+\n$/, `one line, no stack: ${JSON.stringify(result.stderr)}`);
  assert.match(result.stderr.trim(), message);
}

/** Another user than this one, for permission tests: root reads everything, so as root they run as nobody. */
const OTHER_USER = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : undefined;

describe("a broken state gets one line and exit 255, never a stack", () => {
  const root = tempStateDir();
  after(() => {
    chmodSync(join(root.dir, "unreadable"), 0o755);
    root.cleanup();
  });

  for (const state of brokenStates(root.dir)) {
    it(state.name, async () => {
      const stateFile = join(state.dir, "state.db");
      const before = readIfFile(stateFile);
      assertOneLine(await runMesh(["list-meshes"], { stateDir: state.dir }), state.message);
      assert.deepEqual(readIfFile(stateFile), before, "the state file is unchanged");
    });
  }

  it("a damaged row: the command that reads it names the resource", async () => {
    const dir = join(root.dir, "damaged-row");
    seed(dir);
    withSqlite(join(dir, "state.db"), (db) => db.exec("UPDATE resources SET spec = 'not json' WHERE name = 'n'"));
    assertOneLine(
      await runMesh(["describe-virtual-node", "--mesh-name", "m", "--virtual-node-name", "n"], { stateDir: dir }),
      /^The state holds a damaged VirtualNode "n" in mesh "m" \(arn:aws:appmesh:us-east-1:123456789012:mesh\/m\/virtualNode\/n\): its spec column is not JSON/,
    );
  });

  it("a state directory this user may not read, or may not create", async () => {
    chmodSync(root.dir, 0o755);
    const unreadable = join(root.dir, "unreadable");
    mkdirSync(unreadable);
    seed(unreadable);
    chmodSync(unreadable, 0o000);
    const options = { stateDir: unreadable, user: OTHER_USER };
    assertOneLine(await runMesh(["list-meshes"], options), /^Cannot read .*unreadable\/mesh\.json: permission denied$/);
    const uncreatable = join(unreadable, "inner");
    assertOneLine(
      await runMesh(["list-meshes"], { ...options, stateDir: uncreatable }),
      /^Cannot create the state directory .*unreadable\/inner: permission denied$/,
    );
  });
});

function readIfFile(path: string): Buffer | undefined {
  try {
    return readFileSync(path);
  } catch {
    return undefined;
  }
}
