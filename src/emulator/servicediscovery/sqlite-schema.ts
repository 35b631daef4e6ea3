/**
 * Cloud Map's own tables in the shared state database. The App Mesh tables and its `user_version` are
 * left alone.
 */
import type { Schema } from "../state/database.js";

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

export const CLOUD_MAP_SCHEMA: Schema = {
  present: (db) => db.prepare("SELECT 1 FROM sqlite_master WHERE name = ?").get(LAST_TABLE) !== undefined,
  create: (db) => db.exec(SCHEMA),
};
