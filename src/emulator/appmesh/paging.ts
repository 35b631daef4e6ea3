/**
 * List paging: `limit` (1–max, default 100) and an opaque `nextToken` that resumes after the last
 * item returned. Names are unique under one parent, so "after this name" is a stable cursor, and a page
 * costs the same at item 10 and at item 10,000.
 */
import { appMeshError } from "./errors.js";

export function pageLimit(limit: unknown, max: number): number {
  if (limit === undefined) return 100;
  const n = Number(limit);
  if (!Number.isInteger(n) || n < 1 || n > max) {
    throw appMeshError("BadRequestException", `limit must be between 1 and ${max}, got ${String(limit)}`);
  }
  return n;
}

export function encodePageToken(after: string | number): string {
  return Buffer.from(JSON.stringify({ after })).toString("base64url");
}

/** The cursor in a token from encodePageToken; null for the first page. */
export function decodePageToken(token: unknown): string | null;
export function decodePageToken(token: unknown, kind: "index"): number | null;
export function decodePageToken(token: unknown, kind: "name" | "index" = "name"): string | number | null {
  if (token === undefined || token === null) return null;
  try {
    const decoded = JSON.parse(Buffer.from(String(token), "base64url").toString("utf8")) as { after?: unknown };
    const { after } = decoded;
    if (kind === "name" ? typeof after === "string" : Number.isInteger(after) && (after as number) >= 0) {
      return after as string | number;
    }
  } catch {
    // Fall through: not one of our tokens.
  }
  throw appMeshError("BadRequestException", `Invalid nextToken: ${String(token)}`);
}
