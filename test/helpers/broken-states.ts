/**
 * State directories broken in every way the fault runs found, each with the one line `mesh` must print
 * for it. Each is made fresh under `root`; a state that is a valid mesh state is made by `seed`.
 */
import { mkdirSync, truncateSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { openState } from "../../src/emulator/open.js";

export interface BrokenState {
  name: string;
  /** What MESH_STATE_DIR is set to. */
  dir: string;
  /** The message, on one line. */
  message: RegExp;
}

const scope = { account: "123456789012", region: "us-east-1" };

/** A real state with one mesh and one virtual node, closed (so its WAL is checkpointed into state.db). */
export function seed(dir: string): void {
  const state = openState({ stateDir: dir });
  try {
    state.appMesh(scope).call("CreateMesh", { meshName: "m" });
    state.appMesh(scope).call("CreateVirtualNode", { meshName: "m", virtualNodeName: "n", spec: {} });
  } finally {
    state.close();
  }
}

/** Sets PRAGMAs or runs SQL on a database file directly, as another program would. */
export function withSqlite(file: string, fn: (db: Database.Database) => void): void {
  const db = new Database(file);
  try {
    fn(db);
  } finally {
    db.close();
  }
}

export function brokenStates(root: string): BrokenState[] {
  const dir = (name: string) => {
    const path = join(root, name);
    mkdirSync(path, { recursive: true });
    return path;
  };
  const states: BrokenState[] = [
    {
      name: "MESH_STATE_DIR is /dev/null",
      dir: "/dev/null",
      message: /^The state directory \/dev\/null is not a directory$/,
    },
  ];

  const file = join(root, "a-file");
  writeFileSync(file, "not a directory\n");
  states.push({
    name: "MESH_STATE_DIR is a file",
    dir: file,
    message: /^The state directory .*a-file is not a directory$/,
  });
  states.push({
    name: "the state directory cannot be created",
    dir: join(file, "state"),
    message: /^Cannot create the state directory .*a-file\/state: a part of the path is not a directory$/,
  });

  const random = dir("random-bytes");
  writeFileSync(join(random, "state.db"), Buffer.alloc(16_384, "no database here "));
  states.push({
    name: "state.db of random bytes",
    dir: random,
    message: /^The state file .*state\.db is not an SQLite database/,
  });

  const truncated = dir("truncated");
  seed(truncated);
  truncateToFirstPage(join(truncated, "state.db"));
  states.push({
    name: "state.db truncated to its first page",
    dir: truncated,
    message: /^The state file .*state\.db is damaged/,
  });

  const newer = dir("newer");
  seed(newer);
  withSqlite(join(newer, "state.db"), (db) => db.pragma("user_version = 2"));
  states.push({
    name: "a state of a newer mesh",
    dir: newer,
    message: /^The state file .*state\.db has schema version 2, newer than this mesh knows \(1\)/,
  });

  const foreign = dir("foreign");
  withSqlite(join(foreign, "state.db"), (db) =>
    db.exec("CREATE TABLE users (id INTEGER); INSERT INTO users VALUES (1)"),
  );
  states.push({
    name: "an SQLite database of another application",
    dir: foreign,
    message: /^The state file .*state\.db is an SQLite database of another application \(tables users\)/,
  });

  const directory = dir("state-db-is-a-directory");
  mkdirSync(join(directory, "state.db"));
  states.push({
    name: "state.db is a directory",
    dir: directory,
    message: /^Cannot open the state file .*state\.db: it is a directory$/,
  });

  const settings = dir("bad-settings");
  writeFileSync(join(settings, "mesh.json"), '{"quotas": ');
  states.push({ name: "an invalid mesh.json", dir: settings, message: /^.*mesh\.json: Unexpected end of JSON input$/ });
  return states;
}

/** Keeps only the first page of a state file: every table lies beyond it. */
function truncateToFirstPage(file: string): void {
  let pageSize = 0;
  withSqlite(file, (db) => {
    pageSize = db.pragma("page_size", { simple: true }) as number;
  });
  truncateSync(file, pageSize);
}
