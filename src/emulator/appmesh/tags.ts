/** Tags on any App Mesh resource, addressed by ARN: upsert by key, remove by key, list in pages. */

import { appMeshError } from "./errors.js";
import { decodePageToken, encodePageToken, pageLimit } from "./paging.js";
import type { AppMeshStore, ResourceRow, Scope, Tag } from "./store.js";

type Params = Record<string, unknown>;

function resource(store: AppMeshStore, scope: Scope, input: Params): ResourceRow {
  const arn = String(input.resourceArn);
  const row = store.getByArn(scope, arn);
  if (!row)
    throw appMeshError("NotFoundException", `Resource with arn ${arn} is not present for account ${scope.account}`);
  return row;
}

export function tagResource(store: AppMeshStore, scope: Scope, input: Params, maxTags: number): Record<string, never> {
  const row = resource(store, scope, input);
  const tags = new Map(row.tags.map((t) => [t.key, t.value]));
  for (const tag of input.tags as Tag[]) tags.set(tag.key, tag.value);
  if (tags.size > maxTags) {
    throw appMeshError(
      "TooManyTagsException",
      `Resource ${row.arn} would have ${tags.size} tags; the limit is ${maxTags} tags per resource`,
    );
  }
  store.update(scope, { ...row, tags: [...tags].map(([key, value]) => ({ key, value })) });
  return {};
}

export function untagResource(store: AppMeshStore, scope: Scope, input: Params): Record<string, never> {
  const row = resource(store, scope, input);
  const remove = new Set(input.tagKeys as string[]);
  store.update(scope, { ...row, tags: row.tags.filter((t) => !remove.has(t.key)) });
  return {};
}

export function listTags(store: AppMeshStore, scope: Scope, input: Params): Record<string, unknown> {
  const row = resource(store, scope, input);
  const limit = pageLimit(input.limit, 50);
  const start = decodePageToken(input.nextToken, "index") ?? 0;
  const page = row.tags.slice(start, start + limit);
  const output: Record<string, unknown> = { tags: page };
  if (start + limit < row.tags.length) output.nextToken = encodePageToken(start + limit);
  return output;
}
