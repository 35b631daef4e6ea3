/** A request's parts as matching rules look at them. */
import type { RouteRequest } from "./decision.js";

export interface ParsedRequest {
  scheme: string;
  method: string;
  host: string;
  port: number;
  /** The authority as sent: `host` or `host:port` when the URL names a port. */
  authority: string;
  path: string;
  query: URLSearchParams;
  /** Lower-cased names. */
  headers: Map<string, string>;
  gateway?: string;
  grpc: boolean;
}

const DEFAULT_PORTS: Record<string, number> = { http: 80, https: 443, tcp: 0 };

export function parseRequest(request: RouteRequest): ParsedRequest {
  const url = new URL(request.url);
  const scheme = url.protocol.replace(/:$/, "");
  const headers = new Map(Object.entries(request.headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]));
  return {
    scheme,
    method: (request.method ?? "GET").toUpperCase(),
    host: url.hostname,
    port: url.port ? Number(url.port) : (DEFAULT_PORTS[scheme] ?? 80),
    authority: url.host,
    path: decodedPath(url.pathname),
    query: url.searchParams,
    headers,
    ...(request.gateway === undefined ? {} : { gateway: request.gateway }),
    grpc: (headers.get("content-type") ?? "").startsWith("application/grpc"),
  };
}

/** The path as routes see it: percent-decoded (left as sent when it is not valid percent-encoding). */
function decodedPath(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

/** A regular expression (RE2 syntax, as both systems use it) matching a whole value. */
export function fullMatch(pattern: string, value: string): boolean {
  try {
    return new RegExp(`^(?:${pattern})$`).test(value);
  } catch {
    return false;
  }
}
