/**
 * The one SQLite database of a state directory, shared by every emulated service and every process:
 * the directory made, the native addon given by path (better-sqlite3's own lookup stats a dozen
 * candidate paths), a long busy timeout so that concurrent writers queue instead of failing, WAL mode
 * so that readers never wait, and each service's schema created once inside an IMMEDIATE transaction
 * so that processes opening a fresh state at the same time do not race.
 *
 * Every write transaction, whoever makes it, bumps one revision counter in the same commit: the
 * change signal that long-running readers (the local proxy, the xDS server) watch.
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

/** How often watchers look for other processes' commits (this process's own are announced at once). */
const WATCH_INTERVAL_MS = 100;

export interface Schema {
  /** Whether this database already has the schema (checked first, so opening takes no write lock). */
  present(db: Database.Database): boolean;
  create(db: Database.Database): void;
}

const REVISION_SCHEMA: Schema = {
  present: (db) => db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'state_revision'").get() !== undefined,
  create: (db) =>
    db.exec(`CREATE TABLE IF NOT EXISTS state_revision (id INTEGER PRIMARY KEY CHECK (id = 1), revision INTEGER NOT NULL);
             INSERT OR IGNORE INTO state_revision (id, revision) VALUES (1, 0);`),
};

export class StateDatabase {
  private readonly statements = new Map<string, Database.Statement>();
  private readonly watchers = new Set<(revision: number) => void>();
  private poller: NodeJS.Timeout | undefined;
  private seen = -1;

  private constructor(private readonly db: Database.Database) {}

  /** Opens (creating when needed) the database at `path`; ":memory:" gives a private one. */
  static open(path: string, busyTimeoutMs = 60_000): StateDatabase {
    if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
    const state = new StateDatabase(new Database(path, { timeout: busyTimeoutMs, nativeBinding: NATIVE_BINDING }));
    state.ensure(REVISION_SCHEMA);
    return state;
  }

  /** Creates `schema` unless the database has it already. */
  ensure(schema: Schema): void {
    const { db } = this;
    if (schema.present(db)) return;
    if (db.pragma("journal_mode", { simple: true }) !== "wal") db.pragma("journal_mode = WAL");
    db.transaction(() => {
      // Another process may have created the schema while this one waited for the lock.
      if (!schema.present(db)) schema.create(db);
    }).immediate();
  }

  /** The prepared statement for `sql`, compiled once per connection. */
  statement(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  /** Runs `fn` in one write transaction, which also bumps the revision: all of it lands, or none of it. */
  write<T>(fn: () => T): T {
    const result = this.db
      .transaction(() => {
        const value = fn();
        this.statement("UPDATE state_revision SET revision = revision + 1 WHERE id = 1").run();
        return value;
      })
      .immediate();
    if (this.watchers.size) queueMicrotask(() => this.poll());
    return result;
  }

  /** Runs `fn` against one consistent snapshot. */
  read<T>(fn: () => T): T {
    return this.db.transaction(fn).deferred();
  }

  /** The number of write transactions ever committed to this state (by any process). */
  revision(): number {
    return (this.statement("SELECT revision FROM state_revision WHERE id = 1").get() as { revision: number }).revision;
  }

  /**
   * Calls `onChange` with the new revision after every commit: at once for this process's writes,
   * within WATCH_INTERVAL_MS for other processes'. Returns the function that stops watching.
   */
  watch(onChange: (revision: number) => void): () => void {
    if (this.watchers.size === 0) {
      this.seen = this.revision();
      this.poller = setInterval(() => this.poll(), WATCH_INTERVAL_MS);
    }
    this.watchers.add(onChange);
    return () => {
      this.watchers.delete(onChange);
      if (this.watchers.size === 0) clearInterval(this.poller);
    };
  }

  close(): void {
    clearInterval(this.poller);
    this.watchers.clear();
    this.db.close();
  }

  private poll(): void {
    if (!this.db.open) return;
    const revision = this.revision();
    if (revision === this.seen) return;
    this.seen = revision;
    for (const watcher of this.watchers) watcher(revision);
  }
}
