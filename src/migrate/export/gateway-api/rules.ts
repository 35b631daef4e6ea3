/**
 * App Mesh rules as Gateway API route rules. Where Gateway API says less than App Mesh, the gap is
 * reported: PathPrefix matches whole path segments (`/api` takes `/api/v1` but not `/apis`, and `/api/`
 * also takes `/api`); prefix, suffix and range header matches become RegularExpression (an Extended,
 * implementation-specific feature); an inverted header match, a scheme match or a hostname suffix that
 * is not a domain cannot be said at all, and the rule is left out rather than made wider.
 */
import type { HttpRouteHeader } from "@aws-sdk/client-app-mesh";
import type { Ledger } from "../ledger.js";
import { escapeRegex, rangeRegex } from "../regex.js";
import type { At, Rule } from "../rules.js";

export type Json = Record<string, unknown>;

const HTTP_EVENT_CODES: Record<string, number[]> = {
  "server-error": [500, 501, 502, 503, 504, 505, 506, 507, 508, 510, 511],
  "gateway-error": [502, 503, 504],
  "client-error": [409],
};
const DEFAULT_TIMEOUT = "15s";

/** A duration as Gateway API writes them (GEP-2257: whole units only, `500ms`, `15s`). */
export function duration(value: { unit?: string; value?: number } | undefined): string | undefined {
  if (value?.value === undefined) return undefined;
  const ms = value.unit === "ms" ? value.value : value.value * 1000;
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${Math.round(ms)}ms`;
}

/** The rule's match, or undefined when one of its conditions cannot be said (the gap is reported). */
export function routeMatch(rule: Rule, ledger: Ledger): Json | undefined {
  // The whole route is left out, so all of it is accounted for; the detail names the condition.
  const leftOut = (at: At, detail: string) => {
    const route = rule.at.at(-1) as At;
    const instead = `route ${rule.name} left out (it would match more requests than in App Mesh)`;
    ledger.gap(route.resource, route.path, `${detail} (${at.path})`, instead);
    return undefined;
  };
  if (rule.scheme) return leftOut(rule.scheme.at, "a scheme match");
  const match: Json = {};
  if (rule.grpc) {
    match.method = {
      type: "Exact",
      ...(rule.grpc.service ? { service: rule.grpc.service } : {}),
      ...(rule.grpc.method ? { method: rule.grpc.method } : {}),
    };
    ledger.expressed(rule.grpc.at.resource, rule.grpc.at.path);
  }
  if (rule.path) {
    const { type, value, at } = rule.path;
    if (type === "prefix") {
      match.path = { type: "PathPrefix", value };
      if (value === "/") ledger.expressed(at.resource, at.path);
      else
        ledger.gap(
          at.resource,
          at.path,
          `a string prefix: ${value} matches ${value}x too`,
          `PathPrefix ${value}, which matches whole path segments`,
        );
    } else if (type === "exact") {
      match.path = { type: "Exact", value };
      ledger.expressed(at.resource, at.path);
    } else {
      match.path = { type: "RegularExpression", value };
      ledger.gap(
        at.resource,
        at.path,
        "a regular expression path match (RE2)",
        "RegularExpression, whose syntax and precedence are implementation-specific",
      );
    }
  }
  if (rule.method) {
    match.method = rule.method.value;
    ledger.expressed(rule.method.at.resource, rule.method.at.path);
  }
  const headers: Json[] = [];
  for (const header of rule.headers) {
    if (header.invert) return leftOut(header.at, "an inverted header match");
    headers.push({ name: header.name ?? "", ...headerValue(header, ledger) });
    ledger.expressed(header.at.resource, `${header.at.path}.name`);
  }
  if (headers.length) match.headers = headers;
  if (rule.query.length) {
    match.queryParams = rule.query.map((q) => {
      if (q.exact !== undefined) ledger.expressed(q.at.resource, q.at.path);
      else
        ledger.gap(
          q.at.resource,
          q.at.path,
          "a query parameter that only has to be present",
          "RegularExpression .* (implementation-specific)",
        );
      return q.exact === undefined
        ? { type: "RegularExpression", name: q.name, value: ".*" }
        : { type: "Exact", name: q.name, value: q.exact };
    });
  }
  return match;
}

function headerValue(header: HttpRouteHeader & { at: At }, ledger: Ledger): Json {
  const m = header.match;
  const at = header.at;
  const regex = (value: string, what: string) => {
    ledger.gap(at.resource, `${at.path}.match`, what, `RegularExpression ${value} (implementation-specific)`);
    return { type: "RegularExpression", value };
  };
  if (!m) return regex(".*", "a header that only has to be present");
  if (m.exact !== undefined) {
    ledger.expressed(at.resource, `${at.path}.match`);
    return { type: "Exact", value: m.exact };
  }
  if (m.regex !== undefined) return regex(m.regex, "a regular expression header match (RE2)");
  if (m.prefix !== undefined) return regex(`${escapeRegex(m.prefix)}.*`, "a header prefix match");
  if (m.suffix !== undefined) return regex(`.*${escapeRegex(m.suffix)}`, "a header suffix match");
  return regex(rangeRegex(m.range?.start ?? 0, m.range?.end ?? 0), "a numeric range header match");
}

/** Timeouts and retries of an HTTP rule; a gRPC rule has neither in Gateway API. */
export function policies(rule: Rule, ledger: Ledger): Json {
  const out: Json = {};
  if (rule.protocol === "grpc") {
    const what = "a gRPC route's retry policy and timeouts";
    if (rule.retry) ledger.gap(rule.retry.at.resource, rule.retry.at.path, what, "not exported: GRPCRoute has neither");
    if (rule.timeout)
      ledger.gap(rule.timeout.at.resource, rule.timeout.at.path, what, "not exported: GRPCRoute has neither");
    return out;
  }
  const timeouts: Json = { request: DEFAULT_TIMEOUT };
  if (rule.timeout) {
    const request = duration(rule.timeout.perRequest);
    if (request) timeouts.request = request;
    ledger.expressed(rule.timeout.at.resource, `${rule.timeout.at.path}.perRequest`);
    if (rule.timeout.idle) {
      ledger.gap(rule.timeout.at.resource, `${rule.timeout.at.path}.idle`, "a per-route idle timeout", "not exported");
    }
  }
  const at = rule.at.at(-1) as At;
  if (!rule.retry) {
    out.retry = { attempts: 2, codes: [503] };
    ledger.gap(
      at.resource,
      `${at.path}.retryPolicy`,
      "App Mesh's default retries (2, on 503, connection failures, refused streams)",
      "retry: 2 attempts on 503 only",
    );
  } else {
    const { policy, at: retryAt } = rule.retry;
    const events = "httpRetryEvents" in policy ? (policy.httpRetryEvents ?? []) : [];
    const codes = [...new Set(events.flatMap((e) => HTTP_EVENT_CODES[e] ?? []))].sort((a, b) => a - b);
    out.retry = { attempts: policy.maxRetries ?? 0, ...(codes.length ? { codes } : {}) };
    const perTry = duration(policy.perRetryTimeout);
    if (perTry) timeouts.backendRequest = perTry;
    ledger.expressed(retryAt.resource, `${retryAt.path}.maxRetries`);
    ledger.expressed(retryAt.resource, `${retryAt.path}.perRetryTimeout`);
    const unsaid = events.filter((e) => e === "stream-error" || e === "server-error" || e === "gateway-error");
    if (events.length) {
      const detail = unsaid.length ? "retries on resets and refused streams too" : "retries on these status codes";
      if (unsaid.length)
        ledger.gap(
          retryAt.resource,
          `${retryAt.path}.httpRetryEvents`,
          detail,
          `retry on status codes ${codes.join(", ") || "none"} only`,
        );
      else ledger.expressed(retryAt.resource, `${retryAt.path}.httpRetryEvents`);
    }
    if (policy.tcpRetryEvents?.length) {
      ledger.gap(
        retryAt.resource,
        `${retryAt.path}.tcpRetryEvents`,
        "retries on connection failures",
        "not exported: Gateway API retries on status codes only",
      );
    }
  }
  out.timeouts = timeouts;
  return out;
}
