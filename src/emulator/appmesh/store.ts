/**
 * App Mesh's persistent state, as the service layer sees it. Rows keep the request's spec in its
 * wire shape (JSON) next to the metadata the service owns.
 */
import type { KindId } from "../../model/resources.js";
import type { Scope } from "../state/scope.js";

export type { Scope };

export interface Tag {
  key: string;
  value: string;
}

export interface ResourceRow {
  kind: KindId;
  mesh: string;
  /** The parent router or gateway for routes and gateway routes; "" otherwise. */
  parent: string;
  name: string;
  arn: string;
  uid: string;
  meshOwner: string;
  resourceOwner: string;
  /** Epoch milliseconds. */
  createdAt: number;
  lastUpdatedAt: number;
  version: number;
  spec: Record<string, unknown>;
  tags: Tag[];
}

export interface ResourceKey {
  kind: KindId;
  mesh: string;
  parent: string;
  name: string;
}

/** Rows of one kind; `mesh` and `parent` narrow it when given. */
export interface RowFilter {
  kind: KindId;
  mesh?: string;
  parent?: string;
}

/** What a create or update with a client token did, so a retry can be recognised. */
export interface TokenRecord {
  fingerprint: string;
  arn: string;
}

export interface AppMeshStore {
  /** Runs `fn` in one write transaction: all of it lands, or none of it. */
  write<T>(fn: () => T): T;
  /** Runs `fn` against one consistent snapshot. */
  read<T>(fn: () => T): T;
  get(scope: Scope, key: ResourceKey): ResourceRow | undefined;
  getByArn(scope: Scope, arn: string): ResourceRow | undefined;
  /** Up to `limit` matching rows (all of them when -1) in name order, after the name `after` (exclusive). */
  list(scope: Scope, filter: RowFilter, after: string | null, limit: number): ResourceRow[];
  count(scope: Scope, filter: RowFilter): number;
  insert(scope: Scope, row: ResourceRow): void;
  update(scope: Scope, row: ResourceRow): void;
  remove(scope: Scope, key: ResourceKey): void;
  getToken(scope: Scope, operation: string, token: string): TokenRecord | undefined;
  putToken(scope: Scope, operation: string, token: string, record: TokenRecord, at: number): void;
}
