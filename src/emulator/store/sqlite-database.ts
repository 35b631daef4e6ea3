/**
 * Opening the shared state database, for every emulated service's store: the directory made, the
 * native addon given by path (better-sqlite3's own lookup stats a dozen candidate paths), a long busy
 * timeout so that concurrent writers queue instead of failing, WAL mode so that readers never wait,
 * and the caller's schema, created once inside an IMMEDIATE transaction so that processes opening a
 * fresh state at the same time do not race.
 */
import { mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import Database from "better-sqlite3";

const NATIVE_BINDING = join(
  dirname(createRequire(import.meta.url).resolve("better-sqlite3/package.json")),
  "build",
  "Release",
  "better_sqlite3.node",
);

export interface Schema {
  /** Whether this database already has the schema (checked first, so opening takes no write lock). */
  present(db: Database.Database): boolean;
  create(db: Database.Database): void;
}

/** Opens (creating when needed) the database at `path`; ":memory:" gives a private one. */
export function openStateDatabase(path: string, busyTimeoutMs: number, schema: Schema): Database.Database {
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path, { timeout: busyTimeoutMs, nativeBinding: NATIVE_BINDING });
  if (schema.present(db)) return db;
  if (db.pragma("journal_mode", { simple: true }) !== "wal") db.pragma("journal_mode = WAL");
  db.transaction(() => {
    // Another process may have created the schema while this one waited for the lock.
    if (!schema.present(db)) schema.create(db);
  }).immediate();
  return db;
}

/** Prepared statements by their SQL, each compiled once per connection. */
export class Statements {
  private readonly cache = new Map<string, Database.Statement>();

  constructor(private readonly db: Database.Database) {}

  get(sql: string): Database.Statement {
    let statement = this.cache.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.cache.set(sql, statement);
    }
    return statement;
  }
}
