/**
 * The emulator's persistent state, as the service layer sees it. Rows keep the request's spec in its
 * wire shape (JSON) next to the metadata the service owns.
 */

/** One account in one region: the unit of isolation, as in AWS. */
export interface Scope {
  account: string;
  region: string;
}

export interface Tag {
  key: string;
  value: string;
}

export interface ResourceRow {
  kind: string;
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
  kind: string;
  mesh: string;
  parent: string;
  name: string;
}

/** Rows of one kind; `mesh` and `parent` narrow it when given. */
export interface RowFilter {
  kind: string;
  mesh?: string;
  parent?: string;
}

/** What a create or update with a client token did, so a retry can be recognised. */
export interface TokenRecord {
  fingerprint: string;
  arn: string;
}

export interface Store {
  /** Runs `fn` in one write transaction: all of it lands, or none of it. */
  write<T>(fn: () => T): T;
  /** Runs `fn` against one consistent snapshot. */
  read<T>(fn: () => T): T;
  get(scope: Scope, key: ResourceKey): ResourceRow | undefined;
  getByArn(scope: Scope, arn: string): ResourceRow | undefined;
  /** Up to `limit` matching rows in name order, after the name `after` (exclusive). */
  list(scope: Scope, filter: RowFilter, after: string | null, limit: number): ResourceRow[];
  count(scope: Scope, filter: RowFilter): number;
  insert(scope: Scope, row: ResourceRow): void;
  update(scope: Scope, row: ResourceRow): void;
  remove(scope: Scope, key: ResourceKey): void;
  getToken(scope: Scope, operation: string, token: string): TokenRecord | undefined;
  putToken(scope: Scope, operation: string, token: string, record: TokenRecord, at: number): void;
  close(): void;
}
