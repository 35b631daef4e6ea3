/** Short words for the pieces of a match and for durations, shared by routes and gateway routes. */
import type { Duration, HttpPathMatch, HttpQueryParameter, MatchRange } from "@aws-sdk/client-app-mesh";

/** The match methods of headers and gRPC metadata: one of exact / prefix / suffix / regex / range. */
export interface ValueMatch {
  exact?: string;
  prefix?: string;
  suffix?: string;
  regex?: string;
  range?: MatchRange;
}

/** `header x-canary = beta`, `header user-agent prefix curl`, `metadata tier not in [1, 5)`, `header x present`. */
export function valueMatch(what: string, name: string | undefined, match?: ValueMatch, invert?: boolean): string {
  const not = invert ? "not " : "";
  if (match?.exact !== undefined) return `${what} ${name} ${invert ? "!=" : "="} ${match.exact}`;
  if (match?.prefix !== undefined) return `${what} ${name} ${not}prefix ${match.prefix}`;
  if (match?.suffix !== undefined) return `${what} ${name} ${not}suffix ${match.suffix}`;
  if (match?.regex !== undefined) return `${what} ${name} ${not}regex ${match.regex}`;
  if (match?.range !== undefined) return `${what} ${name} ${not}in [${match.range.start}, ${match.range.end})`;
  return `${what} ${name} ${invert ? "absent" : "present"}`;
}

export function pathMatch(path: HttpPathMatch): string {
  return path.exact !== undefined ? `path ${path.exact}` : `path regex ${path.regex}`;
}

export function queryMatch(parameter: HttpQueryParameter): string {
  const exact = parameter.match?.exact;
  return exact === undefined ? `query ${parameter.name} present` : `query ${parameter.name} = ${exact}`;
}

export function duration(value: Duration | undefined): string {
  return `${value?.value ?? "?"}${value?.unit ?? ""}`;
}
