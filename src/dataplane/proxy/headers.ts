/**
 * Headers across a hop, as Envoy's router handles them: connection-level headers stay behind, Envoy's
 * own are added (x-request-id, x-forwarded-proto, x-envoy-expected-rq-timeout-ms upstream; server and
 * x-envoy-upstream-service-time downstream).
 */
const HOP_BY_HOP = new Set([
  "connection",
  "keep-alive",
  "proxy-connection",
  "transfer-encoding",
  "upgrade",
  "te",
  "http2-settings",
]);

/** Request headers Envoy sets itself on the way upstream, whatever came in. */
const SET_UPSTREAM = new Set(["host", "x-request-id", "x-forwarded-proto", "x-envoy-expected-rq-timeout-ms"]);

/**
 * The request headers to send upstream, from the downstream's raw pairs: pseudo-headers and
 * connection-level headers dropped, `host` set to the authority, Envoy's headers added (`requestId`: the
 * request's x-request-id, or the one the connection manager made). Names go out
 * in lower case, as Envoy's HTTP/1 codec writes them.
 */
export function upstreamRequestHeaders(
  raw: string[],
  authority: string,
  scheme: string,
  timeoutMs: number,
  requestId: string,
): string[] {
  const headers: string[] = ["host", authority, "x-request-id", requestId];
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i] as string;
    const lower = name.toLowerCase();
    if (lower.charCodeAt(0) === 58 /* : */ || HOP_BY_HOP.has(lower) || SET_UPSTREAM.has(lower)) {
      if (lower === "te" && (raw[i + 1] as string).toLowerCase() === "trailers") headers.push("te", "trailers");
      continue;
    }
    headers.push(lower, raw[i + 1] as string);
  }
  headers.push("x-forwarded-proto", scheme);
  if (timeoutMs > 0) headers.push("x-envoy-expected-rq-timeout-ms", String(timeoutMs));
  return headers;
}

/** Headers Envoy sets on every response it sends, whatever upstream said. */
const REPLACED = new Set(["server", "date", "x-envoy-upstream-service-time"]);

/**
 * The response headers to send downstream, lower case: connection-level headers dropped, then Envoy's
 * `date`, `x-envoy-upstream-service-time` and `server` in place of upstream's, in Envoy's order.
 */
export function downstreamResponseHeaders(raw: string[], serviceTimeMs: number): string[] {
  const headers: string[] = [];
  for (let i = 0; i < raw.length; i += 2) {
    const lower = (raw[i] as string).toLowerCase();
    if (HOP_BY_HOP.has(lower) || REPLACED.has(lower)) continue;
    headers.push(lower, raw[i + 1] as string);
  }
  headers.push("date", httpDate(), "x-envoy-upstream-service-time", String(serviceTimeMs), "server", "envoy");
  return headers;
}

let dateSecond = 0;
let dateText = "";

/** The current time as an HTTP date, formatted once a second. */
export function httpDate(): string {
  const now = Date.now();
  const second = Math.floor(now / 1000);
  if (second !== dateSecond) {
    dateSecond = second;
    dateText = new Date(now).toUTCString();
  }
  return dateText;
}

/** The value of a header in flat raw pairs (first occurrence), case-insensitively. */
export function rawHeader(raw: string[], name: string): string | undefined {
  for (let i = 0; i < raw.length; i += 2) if ((raw[i] as string).toLowerCase() === name) return raw[i + 1];
  return undefined;
}
