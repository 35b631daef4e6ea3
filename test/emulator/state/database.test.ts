/**
 * The state database file: mesh's own (marked, at a schema version it knows) or refused before
 * anything is written to it.
 */
import assert from "node:assert/strict";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { openState } from "../../../src/emulator/open.js";
import { SCHEMA_VERSION, StateDatabase } from "../../../src/emulator/state/database.js";
import { StateError } from "../../../src/emulator/state/state-error.js";
import { seed, withSqlite } from "../../helpers/broken-states.js";
import { tempStateDir } from "../../helpers/run-mesh.js";

const scope = { account: "123456789012", region: "us-east-1" };

function header(file: string): { applicationId: number; version: number; journal: string } {
  let found = { applicationId: 0, version: 0, journal: "" };
  withSqlite(file, (db) => {
    found = {
      applicationId: db.pragma("application_id", { simple: true }) as number,
      version: db.pragma("user_version", { simple: true }) as number,
      journal: db.pragma("journal_mode", { simple: true }) as string,
    };
  });
  return found;
}

describe("the state database file", () => {
  const root = tempStateDir();
  after(() => root.cleanup());
  let n = 0;
  const fresh = () => join(root.dir, `state-${n++}`);

  it("a new state is marked as mesh's, at the schema version this mesh writes, in WAL mode", () => {
    const dir = fresh();
    seed(dir);
    const found = header(join(dir, "state.db"));
    assert.equal(found.version, SCHEMA_VERSION);
    assert.equal(found.journal, "wal");
    assert.notEqual(found.applicationId, 0);
  });

  it("a state written before states were marked is used as it is, and marked", () => {
    const dir = fresh();
    seed(dir);
    const file = join(dir, "state.db");
    withSqlite(file, (db) => db.pragma("application_id = 0"));
    const state = openState({ stateDir: dir });
    try {
      assert.deepEqual(state.meshes(scope), ["m"]);
    } finally {
      state.close();
    }
    assert.notEqual(header(file).applicationId, 0);
  });

  it("an SQLite database of another application is refused, naming what it holds, and never written to", () => {
    const dir = fresh();
    const file = join(dir, "state.db");
    seed(dir);
    withSqlite(file, (db) => {
      db.pragma("journal_mode = DELETE");
      db.exec("DROP TABLE resources; CREATE TABLE orders (id INTEGER); CREATE TABLE users (id INTEGER)");
      db.pragma("application_id = 0");
    });
    const before = readFileSync(file);
    assert.throws(
      () => openState({ stateDir: dir }),
      (error: Error) =>
        error instanceof StateError &&
        error.message ===
          `The state file ${file} is an SQLite database of another application (tables client_tokens, cloudmap_instances, cloudmap_namespaces, cloudmap_operations, cloudmap_request_tokens), not a mesh state: mesh leaves it untouched`,
    );
    assert.deepEqual(readFileSync(file), before);
    assert.equal(existsSync(`${file}-wal`), false, "not switched to WAL mode");
  });

  it("a database marked by another application is refused by its mark", () => {
    const dir = fresh();
    const file = join(dir, "state.db");
    mkdirSync(dir);
    withSqlite(file, (db) => db.pragma("application_id = 42"));
    assert.throws(() => StateDatabase.open(file), /another application \(application_id 42\), not a mesh state/);
  });

  it("a state of a newer schema version is refused, naming the version found and the one known, and left as it was", () => {
    const dir = fresh();
    const file = join(dir, "state.db");
    seed(dir);
    withSqlite(file, (db) => db.pragma(`user_version = ${SCHEMA_VERSION + 1}`));
    const before = readFileSync(file);
    assert.throws(
      () => openState({ stateDir: dir }),
      (error: Error) =>
        error instanceof StateError &&
        error.message ===
          `The state file ${file} has schema version ${SCHEMA_VERSION + 1}, newer than this mesh knows (${SCHEMA_VERSION}): use the mesh that wrote it, or another state directory`,
    );
    assert.deepEqual(readFileSync(file), before);
  });
});
