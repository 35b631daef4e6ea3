/**
 * Opening the shared state database for Cloud Map: the App Mesh store's busy timeout, WAL mode and
 * explicit native binding, and Cloud Map's own tables, created once inside an IMMEDIATE transaction so
 * that processes opening a fresh state at the same time do not race. The App Mesh tables and its
 * `user_version` are left alone.
 */
import { mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import Database from "better-sqlite3";

/** The addon's path, given directly: better-sqlite3's own lookup stats a dozen candidate paths. */
const NATIVE_BINDING = join(
  dirname(createRequire(import.meta.url).resolve("better-sqlite3/package.json")),
  "build",
  "Release",
  "better_sqlite3.node",
);

/** The table SCHEMA creates last: once it exists, the whole schema does. */
const LAST_TABLE = "cloudmap_request_tokens";

const SCHEMA = `
CREATE TABLE IF NOT EXISTS cloudmap_namespaces (
  account TEXT NOT NULL, region TEXT NOT NULL, id TEXT NOT NULL, name TEXT NOT NULL,
  created_at INTEGER NOT NULL, body TEXT NOT NULL,
  PRIMARY KEY (account, region, id)
) WITHOUT ROWID;
CREATE UNIQUE INDEX IF NOT EXISTS cloudmap_namespaces_by_name ON cloudmap_namespaces (account, region, name);
CREATE TABLE IF NOT EXISTS cloudmap_services (
  account TEXT NOT NULL, region TEXT NOT NULL, id TEXT NOT NULL, namespace_id TEXT NOT NULL, name TEXT NOT NULL,
  created_at INTEGER NOT NULL, body TEXT NOT NULL,
  PRIMARY KEY (account, region, id)
) WITHOUT ROWID;
CREATE UNIQUE INDEX IF NOT EXISTS cloudmap_services_by_name ON cloudmap_services (account, region, namespace_id, name);
CREATE TABLE IF NOT EXISTS cloudmap_instances (
  account TEXT NOT NULL, region TEXT NOT NULL, service_id TEXT NOT NULL, id TEXT NOT NULL,
  created_at INTEGER NOT NULL, body TEXT NOT NULL,
  PRIMARY KEY (account, region, service_id, id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS cloudmap_operations (
  account TEXT NOT NULL, region TEXT NOT NULL, id TEXT NOT NULL,
  created_at INTEGER NOT NULL, body TEXT NOT NULL,
  PRIMARY KEY (account, region, id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS ${LAST_TABLE} (
  account TEXT NOT NULL, region TEXT NOT NULL, operation TEXT NOT NULL, token TEXT NOT NULL,
  fingerprint TEXT NOT NULL, result TEXT NOT NULL, created_at INTEGER NOT NULL,
  PRIMARY KEY (account, region, operation, token)
) WITHOUT ROWID;
`;

/** Opens (creating when needed) the database at `path`, with Cloud Map's tables; ":memory:" gives a private one. */
export function openDatabase(path: string, busyTimeoutMs: number): Database.Database {
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path, { timeout: busyTimeoutMs, nativeBinding: NATIVE_BINDING });
  // Checked first so that opening an existing state takes no write lock.
  if (db.prepare("SELECT 1 FROM sqlite_master WHERE name = ?").get(LAST_TABLE)) return db;
  if (db.pragma("journal_mode", { simple: true }) !== "wal") db.pragma("journal_mode = WAL");
  db.transaction(() => db.exec(SCHEMA)).immediate();
  return db;
}
