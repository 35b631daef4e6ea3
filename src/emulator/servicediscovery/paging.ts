/**
 * List paging: `MaxResults` (the model bounds it; 100 when omitted) and an opaque `NextToken` that
 * resumes after the last item returned. Lists are in creation order then id, so "after this
 * (time, id)" is a stable cursor even while other items come and go.
 */
import { invalidInput } from "./errors.js";

export interface Pageable {
  id: string;
  createdAt: number;
}

function keyOf(item: Pageable): string {
  return `${String(item.createdAt).padStart(15, "0")}/${item.id}`;
}

/** One page of `items` (in list order), and the token for the next one when more remain. */
export function page<T extends Pageable>(
  items: T[],
  maxResults: unknown,
  nextToken: unknown,
): { items: T[]; nextToken?: string } {
  const limit = typeof maxResults === "number" ? maxResults : 100;
  const after = decodeToken(nextToken);
  const rest = after === null ? items : items.filter((item) => keyOf(item) > after);
  const selected = rest.slice(0, limit);
  const last = selected.at(-1);
  if (rest.length <= limit || !last) return { items: selected };
  return { items: selected, nextToken: Buffer.from(keyOf(last)).toString("base64url") };
}

function decodeToken(token: unknown): string | null {
  if (token === undefined) return null;
  const key = Buffer.from(String(token), "base64url").toString("utf8");
  if (!/^\d{15}\/\S+$/.test(key)) throw invalidInput(`Invalid NextToken: ${String(token)}`);
  return key;
}
