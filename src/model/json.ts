/** Small readers for JSON values: inputs, specs and outputs in the model's shapes. */
export type Json = Record<string, unknown>;

/** A JSON object (not an array, not null, not a Date). */
export function isRecord(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

export function obj(value: unknown): Json | undefined {
  return isRecord(value) ? value : undefined;
}

export function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** The one member set on a union-like object (`{http: {...}}` → "http"). */
export function memberOf(value: unknown): string | undefined {
  return Object.keys(obj(value) ?? {})[0];
}

/** The route types of a route spec, and the listener protocol each one needs. */
export const ROUTE_TYPES = { httpRoute: "http", http2Route: "http2", grpcRoute: "grpc", tcpRoute: "tcp" } as const;
export type RouteType = keyof typeof ROUTE_TYPES;
