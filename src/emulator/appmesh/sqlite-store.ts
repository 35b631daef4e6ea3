/**
 * The AppMeshStore on the state database (see ../state/database.ts): many `mesh` processes and a
 * `mesh serve` may use one state directory at once; every write is one IMMEDIATE transaction, so
 * concurrent writers queue instead of losing updates, and a killed process leaves only whole commits.
 */
import type Database from "better-sqlite3";
import { isRecord } from "../../model/json.js";
import { KINDS, type KindId } from "../../model/resources.js";
import type { StateDatabase } from "../state/database.js";
import { StateError } from "../state/state-error.js";
import type { AppMeshStore, ResourceKey, ResourceRow, RowFilter, Scope, TokenRecord } from "./store.js";

/** The table SCHEMA creates last: once it exists, the whole schema does. */
const LAST_TABLE = "client_tokens";

const SCHEMA = `
CREATE TABLE resources (
  account TEXT NOT NULL,
  region TEXT NOT NULL,
  kind TEXT NOT NULL,
  mesh TEXT NOT NULL,
  parent TEXT NOT NULL,
  name TEXT NOT NULL,
  arn TEXT NOT NULL,
  uid TEXT NOT NULL,
  mesh_owner TEXT NOT NULL,
  resource_owner TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  version INTEGER NOT NULL,
  spec TEXT NOT NULL,
  tags TEXT NOT NULL,
  PRIMARY KEY (account, region, kind, mesh, parent, name)
) WITHOUT ROWID;
CREATE UNIQUE INDEX resources_by_arn ON resources (account, region, arn);
CREATE TABLE ${LAST_TABLE} (
  account TEXT NOT NULL,
  region TEXT NOT NULL,
  operation TEXT NOT NULL,
  token TEXT NOT NULL,
  fingerprint TEXT NOT NULL,
  arn TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (account, region, operation, token)
) WITHOUT ROWID;
`;

interface Row {
  kind: KindId;
  mesh: string;
  parent: string;
  name: string;
  arn: string;
  uid: string;
  mesh_owner: string;
  resource_owner: string;
  created_at: number;
  updated_at: number;
  version: number;
  spec: string;
  tags: string;
}

function fromRow(row: Row): ResourceRow {
  return {
    kind: row.kind,
    mesh: row.mesh,
    parent: row.parent,
    name: row.name,
    arn: row.arn,
    uid: row.uid,
    meshOwner: row.mesh_owner,
    resourceOwner: row.resource_owner,
    createdAt: row.created_at,
    lastUpdatedAt: row.updated_at,
    version: row.version,
    spec: column(row, "spec", (value) => isRecord(value)) as Record<string, unknown>,
    tags: column(row, "tags", Array.isArray) as ResourceRow["tags"],
  };
}

/** A JSON column of a row; a damaged one is reported with the resource it belongs to. */
function column(row: Row, name: "spec" | "tags", fits: (value: unknown) => boolean): unknown {
  let value: unknown;
  let problem = `is not ${name === "spec" ? "a JSON object" : "a JSON array"}`;
  try {
    value = JSON.parse(row[name]);
    if (fits(value)) return value;
  } catch (error) {
    problem = `is not JSON (${(error as Error).message})`;
  }
  const kind = KINDS[row.kind]?.label ?? row.kind;
  const where = row.kind === "mesh" ? "" : ` in mesh ${JSON.stringify(row.mesh)}`;
  throw new StateError(
    `The state holds a damaged ${kind} ${JSON.stringify(row.name)}${where} (${row.arn}): its ${name} column ${problem}`,
  );
}

function toParams(scope: Scope, row: ResourceRow) {
  return {
    account: scope.account,
    region: scope.region,
    kind: row.kind,
    mesh: row.mesh,
    parent: row.parent,
    name: row.name,
    arn: row.arn,
    uid: row.uid,
    mesh_owner: row.meshOwner,
    resource_owner: row.resourceOwner,
    created_at: row.createdAt,
    updated_at: row.lastUpdatedAt,
    version: row.version,
    spec: JSON.stringify(row.spec),
    tags: JSON.stringify(row.tags),
  };
}

/** A write that found no row to change: it must fail, never answer success having changed nothing. */
function missedRow(verb: string, key: ResourceKey): StateError {
  const where = key.kind === "mesh" ? "" : ` in mesh ${JSON.stringify(key.mesh)}`;
  return new StateError(`The state has no ${key.kind} ${JSON.stringify(key.name)}${where} to ${verb}`);
}

function filterClause(filter: RowFilter): string {
  return [
    "account = @account AND region = @region AND kind = @kind",
    filter.mesh === undefined ? "" : " AND mesh = @mesh",
    filter.parent === undefined ? "" : " AND parent = @parent",
  ].join("");
}

export class SqliteAppMeshStore implements AppMeshStore {
  /** Creates App Mesh's tables in `db` unless it has them. */
  constructor(private readonly db: StateDatabase) {
    db.ensure({
      present: (sqlite) => sqlite.prepare("SELECT 1 FROM sqlite_master WHERE name = ?").get(LAST_TABLE) !== undefined,
      create: (sqlite) => sqlite.exec(SCHEMA),
    });
  }

  private statement(sql: string): Database.Statement {
    return this.db.statement(sql);
  }

  write<T>(fn: () => T): T {
    return this.db.write(fn);
  }

  read<T>(fn: () => T): T {
    return this.db.read(fn);
  }

  get(scope: Scope, key: ResourceKey): ResourceRow | undefined {
    const row = this.statement(
      "SELECT * FROM resources WHERE account = @account AND region = @region AND kind = @kind AND mesh = @mesh AND parent = @parent AND name = @name",
    ).get({ ...scope, ...key }) as Row | undefined;
    return row && fromRow(row);
  }

  getByArn(scope: Scope, arn: string): ResourceRow | undefined {
    const row = this.statement(
      "SELECT * FROM resources WHERE account = @account AND region = @region AND arn = @arn",
    ).get({ ...scope, arn }) as Row | undefined;
    return row && fromRow(row);
  }

  list(scope: Scope, filter: RowFilter, after: string | null, limit: number): ResourceRow[] {
    const sql = `SELECT * FROM resources WHERE ${filterClause(filter)}${after === null ? "" : " AND name > @after"} ORDER BY name LIMIT @limit`;
    const rows = this.statement(sql).all({ ...scope, ...filter, after, limit }) as Row[];
    return rows.map(fromRow);
  }

  count(scope: Scope, filter: RowFilter): number {
    const sql = `SELECT count(*) AS n FROM resources WHERE ${filterClause(filter)}`;
    return (this.statement(sql).get({ ...scope, ...filter }) as { n: number }).n;
  }

  insert(scope: Scope, row: ResourceRow): void {
    this.statement(
      `INSERT INTO resources (account, region, kind, mesh, parent, name, arn, uid, mesh_owner, resource_owner, created_at, updated_at, version, spec, tags)
       VALUES (@account, @region, @kind, @mesh, @parent, @name, @arn, @uid, @mesh_owner, @resource_owner, @created_at, @updated_at, @version, @spec, @tags)`,
    ).run(toParams(scope, row));
  }

  update(scope: Scope, row: ResourceRow): void {
    const { changes } = this.statement(
      `UPDATE resources SET updated_at = @updated_at, version = @version, spec = @spec, tags = @tags
       WHERE account = @account AND region = @region AND kind = @kind AND mesh = @mesh AND parent = @parent AND name = @name`,
    ).run(toParams(scope, row));
    if (changes !== 1) throw missedRow("update", row);
  }

  remove(scope: Scope, key: ResourceKey): void {
    const { changes } = this.statement(
      "DELETE FROM resources WHERE account = @account AND region = @region AND kind = @kind AND mesh = @mesh AND parent = @parent AND name = @name",
    ).run({ ...scope, ...key });
    if (changes !== 1) throw missedRow("delete", key);
  }

  getToken(scope: Scope, operation: string, token: string): TokenRecord | undefined {
    return this.statement(
      "SELECT fingerprint, arn FROM client_tokens WHERE account = @account AND region = @region AND operation = @operation AND token = @token",
    ).get({ ...scope, operation, token }) as TokenRecord | undefined;
  }

  putToken(scope: Scope, operation: string, token: string, record: TokenRecord, at: number): void {
    this.statement(
      `INSERT OR REPLACE INTO client_tokens (account, region, operation, token, fingerprint, arn, created_at)
       VALUES (@account, @region, @operation, @token, @fingerprint, @arn, @at)`,
    ).run({ ...scope, operation, token, ...record, at });
  }
}
