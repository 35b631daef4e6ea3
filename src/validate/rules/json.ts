/** Small readers for specs that already passed the model's checks (right types, known members). */
export type Json = Record<string, unknown>;

export function obj(value: unknown): Json | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Json) : undefined;
}

export function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** The one member set on a union-like object (`{http: {...}}` → "http"). */
export function memberOf(value: unknown): string | undefined {
  return Object.keys(obj(value) ?? {})[0];
}

export const ROUTE_TYPES = { httpRoute: "http", http2Route: "http2", grpcRoute: "grpc", tcpRoute: "tcp" } as const;
export type RouteType = keyof typeof ROUTE_TYPES;
