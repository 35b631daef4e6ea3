/**
 * Auto-pagination as the AWS CLI does it (botocore's PageIterator): `--page-size` becomes the limit of
 * every call, `--max-items` cuts the merged result and leaves a `NextToken` to resume from, and
 * `--starting-token` resumes, even in the middle of a page.
 */
import type { Paginator } from "../model/types.js";

type Page = Record<string, unknown>;

export interface PagingFlags {
  pageSize?: number;
  maxItems?: number;
  startingToken?: string;
}

export interface PagedResult {
  pages: Page[];
  /** The token to pass as `--starting-token` to get the rest, when the result was cut. */
  resumeToken?: string;
}

interface ResumePoint {
  token: string | null;
  skip: number;
}

/** botocore's token: base64 of Python's json.dumps of `{"nextToken": …, "boto_truncate_amount": n}`. */
export function encodeResumeToken(paginator: Paginator, point: ResumePoint): string {
  const parts = [`${JSON.stringify(paginator.inputToken)}: ${point.token === null ? "null" : asciiJson(point.token)}`];
  if (point.skip > 0) parts.push(`"boto_truncate_amount": ${point.skip}`);
  return Buffer.from(`{${parts.join(", ")}}`).toString("base64");
}

function asciiJson(value: string): string {
  return JSON.stringify(value).replace(
    /[\u007f-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

/** A token that does not decode is handed to the service as it is. */
export function decodeResumeToken(paginator: Paginator, token: string): ResumePoint {
  try {
    const decoded = JSON.parse(Buffer.from(token, "base64").toString("utf8")) as Record<string, unknown>;
    if (decoded && typeof decoded === "object" && paginator.inputToken in decoded) {
      const value = decoded[paginator.inputToken];
      const skip = Number(decoded.boto_truncate_amount ?? 0);
      return { token: typeof value === "string" ? value : null, skip: Number.isInteger(skip) ? skip : 0 };
    }
  } catch {
    // Not one of ours: pass it through.
  }
  return { token, skip: 0 };
}

export async function paginate(
  paginator: Paginator,
  params: Page,
  flags: PagingFlags,
  call: (params: Page) => Promise<Page>,
): Promise<PagedResult> {
  const request: Page = { ...params };
  if (flags.pageSize !== undefined) request[paginator.limitKey] = flags.pageSize;
  const start =
    flags.startingToken === undefined ? { token: null, skip: 0 } : decodeResumeToken(paginator, flags.startingToken);
  if (start.token !== null) request[paginator.inputToken] = start.token;
  const pages: Page[] = [];
  let total = 0;
  let current: string | null = start.token;
  let previous: string | null = null;
  for (let first = true; ; first = false) {
    const page = await call(request);
    let items = (page[paginator.resultKey] as unknown[] | undefined) ?? [];
    if (first && start.skip > 0) {
      items = items.slice(start.skip);
      page[paginator.resultKey] = items;
    }
    const skipped = first ? start.skip : 0;
    if (flags.maxItems !== undefined && total + items.length > flags.maxItems) {
      const keep = flags.maxItems - total;
      page[paginator.resultKey] = items.slice(0, keep);
      pages.push(page);
      return { pages, resumeToken: encodeResumeToken(paginator, { token: current, skip: keep + skipped }) };
    }
    pages.push(page);
    total += items.length;
    const next = page[paginator.outputToken];
    if (typeof next !== "string" || next === "") return { pages };
    if (flags.maxItems !== undefined && total === flags.maxItems) {
      return { pages, resumeToken: encodeResumeToken(paginator, { token: next, skip: 0 }) };
    }
    if (next === previous) throw new Error(`The same next token was received twice: ${next}`);
    request[paginator.inputToken] = next;
    previous = next;
    current = next;
  }
}

/** The pages merged into one result (botocore's build_full_result), with `NextToken` when cut. */
export function mergePages(paginator: Paginator, result: PagedResult): Page {
  const [first] = result.pages;
  const merged: Page = {
    [paginator.resultKey]: result.pages.flatMap((page) => (page[paginator.resultKey] as unknown[] | undefined) ?? []),
  };
  for (const [key, value] of Object.entries(first ?? {})) {
    if (key !== paginator.outputToken && key !== paginator.resultKey) merged[key] = value;
  }
  if (result.resumeToken !== undefined) merged.NextToken = result.resumeToken;
  return merged;
}
