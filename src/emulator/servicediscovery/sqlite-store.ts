/**
 * The CloudMapStore on the state database (see ../state/database.ts), beside the App Mesh state, so
 * `mesh serve`, CLI commands and the local proxy all see one state. Rows keep their record as JSON
 * next to the columns they are looked up by.
 */
import type Database from "better-sqlite3";
import type { StateDatabase } from "../state/database.js";
import { StateError } from "../state/state-error.js";
import { CLOUD_MAP_SCHEMA } from "./sqlite-schema.js";
import type {
  CloudMapStore,
  InstanceRecord,
  NamespaceRecord,
  OperationRecord,
  Scope,
  ServiceRecord,
  TokenRecord,
} from "./store.js";

const IN_SCOPE = "account = @account AND region = @region";

interface BodyRow {
  id: string;
  body: string;
}

/** A row's record; a damaged one is reported with what it is and its id. */
function record<T>(what: string, row: BodyRow): T {
  try {
    return JSON.parse(row.body) as T;
  } catch (error) {
    throw new StateError(
      `The state holds a damaged Cloud Map ${what} ${JSON.stringify(row.id)}: its record is not JSON (${(error as Error).message})`,
    );
  }
}
const ORDER = "ORDER BY created_at, id";

export class SqliteCloudMapStore implements CloudMapStore {
  /** Creates Cloud Map's tables in `db` unless it has them. */
  constructor(private readonly db: StateDatabase) {
    db.ensure(CLOUD_MAP_SCHEMA);
  }

  private statement(sql: string): Database.Statement {
    return this.db.statement(sql);
  }

  /** One record of `what` (a namespace, …) by `sql`, which selects its `id` and `body`. */
  private one<T>(what: string, sql: string, params: Record<string, unknown>): T | undefined {
    const row = this.statement(sql).get(params) as BodyRow | undefined;
    return row && record<T>(what, row);
  }

  private all<T>(what: string, sql: string, params: Record<string, unknown>): T[] {
    return (this.statement(sql).all(params) as BodyRow[]).map((row) => record<T>(what, row));
  }

  private count(sql: string, params: Record<string, unknown>): number {
    return (this.statement(sql).get(params) as { n: number }).n;
  }

  private run(sql: string, params: Record<string, unknown>): void {
    this.statement(sql).run(params);
  }

  write<T>(fn: () => T): T {
    return this.db.write(fn);
  }

  read<T>(fn: () => T): T {
    return this.db.read(fn);
  }

  getNamespace(scope: Scope, id: string): NamespaceRecord | undefined {
    return this.one("namespace", `SELECT id, body FROM cloudmap_namespaces WHERE ${IN_SCOPE} AND id = @id`, {
      ...scope,
      id,
    });
  }

  namespaceByName(scope: Scope, name: string): NamespaceRecord | undefined {
    return this.one("namespace", `SELECT id, body FROM cloudmap_namespaces WHERE ${IN_SCOPE} AND name = @name`, {
      ...scope,
      name,
    });
  }

  listNamespaces(scope: Scope): NamespaceRecord[] {
    return this.all("namespace", `SELECT id, body FROM cloudmap_namespaces WHERE ${IN_SCOPE} ${ORDER}`, { ...scope });
  }

  putNamespace(scope: Scope, ns: NamespaceRecord): void {
    this.run(
      `INSERT INTO cloudmap_namespaces (account, region, id, name, created_at, body)
       VALUES (@account, @region, @id, @name, @createdAt, @body)
       ON CONFLICT (account, region, id) DO UPDATE SET body = excluded.body`,
      { ...scope, id: ns.id, name: ns.name, createdAt: ns.createdAt, body: JSON.stringify(ns) },
    );
  }

  deleteNamespace(scope: Scope, id: string): void {
    this.run(`DELETE FROM cloudmap_namespaces WHERE ${IN_SCOPE} AND id = @id`, { ...scope, id });
  }

  getService(scope: Scope, id: string): ServiceRecord | undefined {
    return this.one("service", `SELECT id, body FROM cloudmap_services WHERE ${IN_SCOPE} AND id = @id`, {
      ...scope,
      id,
    });
  }

  serviceByName(scope: Scope, namespaceId: string, name: string): ServiceRecord | undefined {
    return this.one(
      "service",
      `SELECT id, body FROM cloudmap_services WHERE ${IN_SCOPE} AND namespace_id = @namespaceId AND name = @name`,
      { ...scope, namespaceId, name },
    );
  }

  listServices(scope: Scope, namespaceId?: string): ServiceRecord[] {
    const where = namespaceId === undefined ? "" : " AND namespace_id = @namespaceId";
    return this.all("service", `SELECT id, body FROM cloudmap_services WHERE ${IN_SCOPE}${where} ${ORDER}`, {
      ...scope,
      namespaceId,
    });
  }

  countServices(scope: Scope, namespaceId: string): number {
    return this.count(`SELECT count(*) AS n FROM cloudmap_services WHERE ${IN_SCOPE} AND namespace_id = @namespaceId`, {
      ...scope,
      namespaceId,
    });
  }

  putService(scope: Scope, service: ServiceRecord): void {
    this.run(
      `INSERT INTO cloudmap_services (account, region, id, namespace_id, name, created_at, body)
       VALUES (@account, @region, @id, @namespaceId, @name, @createdAt, @body)
       ON CONFLICT (account, region, id) DO UPDATE SET body = excluded.body`,
      {
        ...scope,
        id: service.id,
        namespaceId: service.namespaceId,
        name: service.name,
        createdAt: service.createdAt,
        body: JSON.stringify(service),
      },
    );
  }

  deleteService(scope: Scope, id: string): void {
    this.run(`DELETE FROM cloudmap_services WHERE ${IN_SCOPE} AND id = @id`, { ...scope, id });
  }

  getInstance(scope: Scope, serviceId: string, id: string): InstanceRecord | undefined {
    return this.one(
      "instance",
      `SELECT id, body FROM cloudmap_instances WHERE ${IN_SCOPE} AND service_id = @serviceId AND id = @id`,
      {
        ...scope,
        serviceId,
        id,
      },
    );
  }

  listInstances(scope: Scope, serviceId: string): InstanceRecord[] {
    return this.all(
      "instance",
      `SELECT id, body FROM cloudmap_instances WHERE ${IN_SCOPE} AND service_id = @serviceId ${ORDER}`,
      {
        ...scope,
        serviceId,
      },
    );
  }

  countInstances(scope: Scope, serviceId: string): number {
    return this.count(`SELECT count(*) AS n FROM cloudmap_instances WHERE ${IN_SCOPE} AND service_id = @serviceId`, {
      ...scope,
      serviceId,
    });
  }

  putInstance(scope: Scope, instance: InstanceRecord): void {
    this.run(
      `INSERT INTO cloudmap_instances (account, region, service_id, id, created_at, body)
       VALUES (@account, @region, @serviceId, @id, @createdAt, @body)
       ON CONFLICT (account, region, service_id, id) DO UPDATE SET body = excluded.body`,
      {
        ...scope,
        serviceId: instance.serviceId,
        id: instance.id,
        createdAt: instance.createdAt,
        body: JSON.stringify(instance),
      },
    );
  }

  deleteInstance(scope: Scope, serviceId: string, id: string): void {
    this.run(`DELETE FROM cloudmap_instances WHERE ${IN_SCOPE} AND service_id = @serviceId AND id = @id`, {
      ...scope,
      serviceId,
      id,
    });
  }

  getOperation(scope: Scope, id: string): OperationRecord | undefined {
    return this.one("operation", `SELECT id, body FROM cloudmap_operations WHERE ${IN_SCOPE} AND id = @id`, {
      ...scope,
      id,
    });
  }

  listOperations(scope: Scope): OperationRecord[] {
    return this.all("operation", `SELECT id, body FROM cloudmap_operations WHERE ${IN_SCOPE} ${ORDER}`, { ...scope });
  }

  putOperation(scope: Scope, operation: OperationRecord): void {
    this.run(
      `INSERT INTO cloudmap_operations (account, region, id, created_at, body)
       VALUES (@account, @region, @id, @createdAt, @body)
       ON CONFLICT (account, region, id) DO UPDATE SET body = excluded.body`,
      { ...scope, id: operation.id, createdAt: operation.createdAt, body: JSON.stringify(operation) },
    );
  }

  getToken(scope: Scope, operation: string, token: string): TokenRecord | undefined {
    return this.statement(
      `SELECT fingerprint, result FROM cloudmap_request_tokens WHERE ${IN_SCOPE} AND operation = @operation AND token = @token`,
    ).get({ ...scope, operation, token }) as TokenRecord | undefined;
  }

  putToken(scope: Scope, operation: string, token: string, record: TokenRecord, at: number): void {
    this.run(
      `INSERT OR REPLACE INTO cloudmap_request_tokens (account, region, operation, token, fingerprint, result, created_at)
       VALUES (@account, @region, @operation, @token, @fingerprint, @result, @at)`,
      { ...scope, operation, token, ...record, at },
    );
  }
}
