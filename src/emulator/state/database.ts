/**
 * The one SQLite database of a state directory, shared by every emulated service and every process:
 * the directory made, the native addon given by path (better-sqlite3's own lookup stats a dozen
 * candidate paths), a busy timeout so that concurrent writers queue instead of failing, WAL mode so
 * that readers never wait, and each service's schema created once inside an IMMEDIATE transaction so
 * that processes opening a fresh state at the same time do not race.
 *
 * A state file carries mesh's mark (PRAGMA application_id) and its schema version (PRAGMA
 * user_version): a file of another application, or of a newer mesh, is refused before anything is
 * written to it. Every SQLite failure leaves as a StateError that names the file.
 *
 * Every write transaction, whoever makes it, bumps one revision counter in the same commit: the
 * change signal that long-running readers (the local proxy, the xDS server) watch.
 */
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import Database from "better-sqlite3";
import { checkedStateDirectory, whyCannotOpen } from "./state-directory.js";
import { StateBusyError, StateError } from "./state-error.js";

const NATIVE_BINDING = join(
  dirname(createRequire(import.meta.url).resolve("better-sqlite3/package.json")),
  "build",
  "Release",
  "better_sqlite3.node",
);

/** How often watchers look for other processes' commits (this process's own are announced at once). */
const WATCH_INTERVAL_MS = 100;

/** How long a statement waits for another process's lock, unless the caller waits itself (failWhenBusy). */
const BUSY_TIMEOUT_MS = 60_000;

/** "mesh" in ASCII, in the database header: the mark of a mesh state file. */
const APPLICATION_ID = 0x6d657368;

/** The layout of the state's tables; a mesh that changes it in a way older ones cannot read raises it. */
export const SCHEMA_VERSION = 1;

/** The tables of the states written before the mark existed (they have application_id 0). */
const UNMARKED_MESH_TABLES = new Set([
  "state_revision",
  "resources",
  "client_tokens",
  "cloudmap_namespaces",
  "cloudmap_services",
  "cloudmap_instances",
  "cloudmap_operations",
  "cloudmap_request_tokens",
]);

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

  private constructor(
    private readonly db: Database.Database,
    /** The database file, for messages. */
    readonly file: string,
    /**
     * True when SQLite could not make the shared-memory file WAL mode needs (a full disk): this
     * connection then holds the state alone, with its WAL index in its own memory.
     */
    readonly exclusive: boolean,
  ) {}

  /**
   * Opens (creating when needed) the database at `path`; ":memory:" gives a private one. Throws a
   * StateError when the directory or the file cannot be used, or the file is not a mesh state.
   */
  static open(path: string): StateDatabase {
    if (path !== ":memory:") checkedStateDirectory(dirname(path));
    try {
      return StateDatabase.connect(path, false);
    } catch (error) {
      const problem = stateProblem(path, error);
      if (!(problem instanceof StateError) || problem.sqliteCode !== "SQLITE_IOERR_SHMSIZE") throw problem;
    }
    // WAL's shared-memory file could not be made (the disk is full): in exclusive locking mode SQLite
    // keeps that index in this process's memory, so an existing state can still be used.
    try {
      return StateDatabase.connect(path, true);
    } catch (error) {
      throw stateProblem(path, error);
    }
  }

  private static connect(path: string, exclusive: boolean): StateDatabase {
    let sqlite: Database.Database;
    try {
      sqlite = new Database(path, { timeout: BUSY_TIMEOUT_MS, nativeBinding: NATIVE_BINDING });
    } catch (error) {
      if ((error as { code?: string }).code === "SQLITE_CANTOPEN") {
        throw new StateError(`Cannot open the state file ${path}: ${whyCannotOpen(path)}`);
      }
      throw error;
    }
    try {
      if (exclusive) sqlite.pragma("locking_mode = EXCLUSIVE");
      const state = new StateDatabase(sqlite, path, exclusive);
      if (state.identify() === "unmarked") sqlite.transaction(() => state.mark()).immediate();
      state.ensure(REVISION_SCHEMA);
      return state;
    } catch (error) {
      sqlite.close();
      throw error;
    }
  }

  /**
   * From now on a statement that needs a lock another process holds throws StateBusyError at once,
   * instead of blocking this thread: for servers, which must keep serving and wait asynchronously.
   */
  failWhenBusy(): void {
    this.db.pragma("busy_timeout = 0");
  }

  /** Creates `schema` unless the database has it already. */
  ensure(schema: Schema): void {
    const { db } = this;
    this.guard(() => {
      if (schema.present(db)) return;
      if (db.pragma("journal_mode", { simple: true }) !== "wal") db.pragma("journal_mode = WAL");
      db.transaction(() => {
        // Another process may have created the schema while this one waited for the lock.
        if (schema.present(db)) return;
        schema.create(db);
        this.mark();
      }).immediate();
    });
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
    const result = this.guard(() =>
      this.db
        .transaction(() => {
          const value = fn();
          this.statement("UPDATE state_revision SET revision = revision + 1 WHERE id = 1").run();
          return value;
        })
        .immediate(),
    );
    if (this.watchers.size) queueMicrotask(() => this.poll());
    return result;
  }

  /** Runs `fn` against one consistent snapshot. */
  read<T>(fn: () => T): T {
    return this.guard(() => this.db.transaction(fn).deferred());
  }

  /** The number of write transactions ever committed to this state (by any process). */
  revision(): number {
    return this.guard(
      () => (this.statement("SELECT revision FROM state_revision WHERE id = 1").get() as { revision: number }).revision,
    );
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
    let revision: number;
    try {
      revision = this.revision();
    } catch (error) {
      // Another process's lock: the next tick will see its commit.
      if (error instanceof StateBusyError) return;
      throw error;
    }
    if (revision === this.seen) return;
    this.seen = revision;
    for (const watcher of this.watchers) watcher(revision);
  }

  /** Runs `fn`, turning SQLite's failures into StateErrors that name the file. */
  private guard<T>(fn: () => T): T {
    try {
      return fn();
    } catch (error) {
      throw stateProblem(this.file, error);
    }
  }

  /**
   * Whether the file is a fresh database, a mesh state, or one written before states carried the mark.
   * Anything else (another application's database, a newer mesh's state) is refused, untouched.
   */
  private identify(): "fresh" | "marked" | "unmarked" {
    const { db, file } = this;
    const applicationId = db.pragma("application_id", { simple: true }) as number;
    const version = db.pragma("user_version", { simple: true }) as number;
    if (applicationId === APPLICATION_ID) {
      if (version <= SCHEMA_VERSION) return "marked";
      throw new StateError(
        `The state file ${file} has schema version ${version}, newer than this mesh knows (${SCHEMA_VERSION}): use the mesh that wrote it, or another state directory`,
      );
    }
    const tables = (
      db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]
    ).map((row) => row.name);
    if (applicationId === 0 && version === 0 && tables.length === 0) return "fresh";
    if (applicationId === 0 && version <= SCHEMA_VERSION && tables.every((name) => UNMARKED_MESH_TABLES.has(name))) {
      return "unmarked";
    }
    const found = applicationId === 0 ? `tables ${tables.slice(0, 5).join(", ")}` : `application_id ${applicationId}`;
    throw new StateError(
      `The state file ${file} is an SQLite database of another application (${found}), not a mesh state: mesh leaves it untouched`,
    );
  }

  /** Stamps the file as a mesh state of this schema version (inside a write transaction). */
  private mark(): void {
    this.db.pragma(`application_id = ${APPLICATION_ID}`);
    this.db.pragma(`user_version = ${SCHEMA_VERSION}`);
  }
}

/** SQLite's failures as StateErrors naming the file; other errors (a ServiceError, a bug) unchanged. */
function stateProblem(file: string, error: unknown): unknown {
  if (!(error instanceof Database.SqliteError)) return error;
  if (error.code.startsWith("SQLITE_BUSY") || error.code.startsWith("SQLITE_LOCKED")) {
    return new StateBusyError(`The state file ${file} is locked by another process`, error.code);
  }
  const problem = SQLITE_PROBLEMS.find(([prefix]) => error.code.startsWith(prefix));
  return problem ? new StateError(`The state file ${file} ${problem[1]} (${error.code})`, error.code) : error;
}

const SQLITE_PROBLEMS: [string, string][] = [
  ["SQLITE_NOTADB", "is not an SQLite database"],
  ["SQLITE_CORRUPT", "is damaged"],
  ["SQLITE_FULL", "cannot grow: the disk is full"],
  ["SQLITE_IOERR", "cannot be read or written"],
  ["SQLITE_READONLY", "is read-only"],
  ["SQLITE_CANTOPEN", "cannot be opened"],
  ["SQLITE_PERM", "cannot be opened: permission denied"],
];
