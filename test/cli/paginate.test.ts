/** Auto-pagination, --max-items and --starting-token, with botocore's NextToken encoding. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { decodeResumeToken, encodeResumeToken, mergePages, paginate } from "../../src/cli/paginate.js";
import type { Paginator } from "../../src/model/types.js";

const paginator: Paginator = {
  inputToken: "nextToken",
  outputToken: "nextToken",
  limitKey: "limit",
  resultKey: "meshes",
};
const ALL = ["a", "b", "c", "d", "e"];

/** A fake service holding ALL, paging `limit` items at a time (default 2), tokens are indexes. */
function service(calls: Record<string, unknown>[]) {
  return async (params: Record<string, unknown>) => {
    calls.push({ ...params });
    const start = Number(params.nextToken ?? 0);
    const limit = Number(params.limit ?? 2);
    const page: Record<string, unknown> = { meshes: ALL.slice(start, start + limit) };
    if (start + limit < ALL.length) page.nextToken = String(start + limit);
    return page;
  };
}

describe("pagination", () => {
  it("follows nextToken through every page and merges the result lists", async () => {
    const calls: Record<string, unknown>[] = [];
    const result = await paginate(paginator, {}, {}, service(calls));
    assert.deepEqual(mergePages(paginator, result), { meshes: ALL });
    assert.deepEqual(calls, [{}, { nextToken: "2" }, { nextToken: "4" }]);
  });

  it("--page-size is the limit of every call", async () => {
    const calls: Record<string, unknown>[] = [];
    await paginate(paginator, {}, { pageSize: 1 }, service(calls));
    assert.equal(calls.length, 5);
    assert.ok(calls.every((c) => c.limit === 1));
  });

  it("--max-items cuts the result and leaves a NextToken that resumes inside the page", async () => {
    const first = mergePages(paginator, await paginate(paginator, {}, { maxItems: 3 }, service([])));
    assert.deepEqual(first.meshes, ["a", "b", "c"]);
    assert.equal(
      Buffer.from(String(first.NextToken), "base64").toString(),
      '{"nextToken": "2", "boto_truncate_amount": 1}',
    );
    const rest = mergePages(
      paginator,
      await paginate(paginator, {}, { startingToken: String(first.NextToken) }, service([])),
    );
    assert.deepEqual(rest, { meshes: ["d", "e"] });
  });

  it("a cut on a page boundary resumes at the next page", async () => {
    const first = mergePages(paginator, await paginate(paginator, {}, { maxItems: 2 }, service([])));
    assert.equal(first.NextToken, "eyJuZXh0VG9rZW4iOiAiMiJ9");
  });

  it("tokens encode as base64 of Python's json.dumps", () => {
    assert.equal(encodeResumeToken(paginator, { token: "2", skip: 0 }), "eyJuZXh0VG9rZW4iOiAiMiJ9");
    assert.deepEqual(decodeResumeToken(paginator, "eyJuZXh0VG9rZW4iOiAiMiJ9"), { token: "2", skip: 0 });
  });

  it("a starting token that does not decode goes to the service as it is", () => {
    assert.deepEqual(decodeResumeToken(paginator, "garbage"), { token: "garbage", skip: 0 });
  });
});
