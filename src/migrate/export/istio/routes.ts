/**
 * App Mesh rules as Istio HTTP and TCP routes. Istio tries a VirtualService's routes in order, first
 * match wins, as App Mesh does by priority, so the order is kept as is. Retry events map onto Envoy's
 * retry conditions as App Mesh maps them (dataplane.md §6); a route without a retry policy gets App
 * Mesh's hidden default (2 retries on 503, connect failures, refused streams and gRPC unavailable), and
 * one without a timeout App Mesh's 15 s (Istio's default is none).
 */
import type { HttpRouteHeader } from "@aws-sdk/client-app-mesh";
import type { Ledger } from "../ledger.js";
import { seconds } from "../names.js";
import { escapeRegex, rangeRegex } from "../regex.js";
import type { At, Rule } from "../rules.js";

export type Json = Record<string, unknown>;

/** Where a virtual node is reached: its host (and subset, when several nodes share a host). */
export type Destination = (virtualNode: string) => { host: string; subset?: string };

const HTTP_EVENTS: Record<string, string[]> = {
  "server-error": ["reset", "500", "501", "502", "503", "504", "505", "506", "507", "508", "510", "511"],
  "gateway-error": ["reset", "502", "503", "504"],
  "client-error": ["409"],
  "stream-error": ["refused-stream"],
};
const DEFAULT_RETRIES = { attempts: 2, retryOn: "connect-failure,refused-stream,unavailable,503" };
const DEFAULT_TIMEOUT = "15s";

export function httpRoute(rule: Rule, destination: Destination, ledger: Ledger): Json {
  const match = matchRequest(rule, ledger);
  const route: Json = { name: rule.name };
  if (Object.keys(match).length) route.match = [match];
  if (rule.notFound) return { ...route, directResponse: { status: 404 } };
  route.route = destinations(rule, destination);
  if (rule.rewrite) {
    const rewrite: Json = {};
    const uri = rule.rewrite.path ?? rule.rewrite.prefix;
    if (uri !== undefined) rewrite.uri = uri;
    if (rule.rewrite.authority !== undefined) rewrite.authority = rule.rewrite.authority;
    if (Object.keys(rewrite).length) route.rewrite = rewrite;
  }
  route.retries = retries(rule, ledger);
  route.timeout = DEFAULT_TIMEOUT;
  if (rule.timeout) {
    const perRequest = seconds(rule.timeout.perRequest as { unit: "s" | "ms"; value: number } | undefined);
    if (perRequest) route.timeout = perRequest;
    ledger.expressed(rule.timeout.at.resource, `${rule.timeout.at.path}.perRequest`);
    if (rule.timeout.idle) {
      const { resource, path } = rule.timeout.at;
      ledger.gap(
        resource,
        `${path}.idle`,
        "a per-route idle timeout",
        "not exported: Istio sets idle timeouts per destination (DestinationRule connectionPool)",
      );
    }
  }
  return route;
}

export function tcpRoute(rule: Rule, destination: Destination, ledger: Ledger): Json {
  if (rule.timeout?.idle) {
    const { resource, path } = rule.timeout.at;
    ledger.gap(
      resource,
      `${path}.idle`,
      "a TCP route idle timeout",
      "not exported: Istio sets it per destination (DestinationRule connectionPool.tcp.idleTimeout)",
    );
  }
  return {
    ...(rule.port === undefined ? {} : { match: [{ port: rule.port }] }),
    route: destinations(rule, destination),
  };
}

function destinations(rule: Rule, destination: Destination): Json[] {
  const total = rule.targets.reduce((sum, t) => sum + t.weight, 0);
  const weights = percentages(
    rule.targets.map((t) => t.weight),
    total,
  );
  return rule.targets.map((target, i) => {
    const { host, subset } = destination(target.virtualNode);
    return {
      destination: { host, ...(subset ? { subset } : {}), ...(target.port ? { port: { number: target.port } } : {}) },
      weight: weights[i],
    };
  });
}

/** Weights as Istio wants them: adding up to 100 (App Mesh's add up to anything; the shares are kept). */
function percentages(weights: number[], total: number): number[] {
  if (total === 0) return weights.map((_, i) => (i === 0 ? 100 : 0));
  const shares = weights.map((w) => Math.floor((w * 100) / total));
  let left = 100 - shares.reduce((a, b) => a + b, 0);
  for (let i = 0; left > 0; i = (i + 1) % shares.length, left--) shares[i] = (shares[i] as number) + 1;
  return shares;
}

function retries(rule: Rule, ledger: Ledger): Json {
  if (!rule.retry) return { ...DEFAULT_RETRIES };
  const { policy, at } = rule.retry;
  ledger.expressed(at.resource, at.path);
  const events = [
    ...("httpRetryEvents" in policy ? (policy.httpRetryEvents ?? []).flatMap((e) => HTTP_EVENTS[e] ?? []) : []),
    ...((policy.tcpRetryEvents ?? []).length ? ["connect-failure"] : []),
    ...("grpcRetryEvents" in policy ? (policy.grpcRetryEvents ?? []) : []),
  ];
  return {
    attempts: policy.maxRetries ?? 0,
    perTryTimeout: seconds(policy.perRetryTimeout as { unit: "s" | "ms"; value: number }),
    retryOn: [...new Set(events)].join(","),
  };
}

/** The Istio match of a rule: Istio can say every App Mesh condition. */
function matchRequest(rule: Rule, ledger: Ledger): Json {
  const match: Json = {};
  const done = (at: At) => ledger.expressed(at.resource, at.path);
  if (rule.path) {
    match.uri = { [rule.path.type]: rule.path.value };
    done(rule.path.at);
  }
  if (rule.grpc) {
    const { service, method } = rule.grpc;
    match.uri = method ? { exact: `/${service}/${method}` } : { prefix: `/${service}/` };
    done(rule.grpc.at);
  }
  if (rule.method) {
    match.method = { exact: rule.method.value };
    done(rule.method.at);
  }
  if (rule.scheme) {
    match.scheme = { exact: rule.scheme.value };
    done(rule.scheme.at);
  }
  if (rule.port !== undefined) match.port = rule.port;
  if (rule.hostname) {
    // App Mesh matches the host name, whatever port the authority names.
    const { exact, suffix } = rule.hostname;
    const host = exact !== undefined ? escapeRegex(exact) : `.*${escapeRegex(suffix ?? "")}`;
    match.authority = { regex: `${host}(:[0-9]+)?` };
    done(rule.hostname.at);
  }
  const headers: Json = {};
  const without: Json = {};
  for (const header of rule.headers) {
    const condition = stringMatch(header, ledger);
    (header.invert ? without : headers)[(header.name ?? "").toLowerCase()] = condition;
    ledger.expressed(header.at.resource, `${header.at.path}.name`);
    ledger.expressed(header.at.resource, `${header.at.path}.invert`);
  }
  if (Object.keys(headers).length) match.headers = headers;
  if (Object.keys(without).length) match.withoutHeaders = without;
  if (rule.query.length) {
    match.queryParams = Object.fromEntries(
      rule.query.map((q) => {
        done(q.at);
        return [q.name, q.exact === undefined ? { regex: ".*" } : { exact: q.exact }];
      }),
    );
  }
  return match;
}

/** An App Mesh header match as Istio's StringMatch (no match: the header only has to be present). */
function stringMatch(header: HttpRouteHeader & { at: At }, ledger: Ledger): Json {
  const m = header.match;
  const at = `${header.at.path}.match`;
  if (!m) return {};
  if (m.range) {
    ledger.gap(
      header.at.resource,
      `${at}.range`,
      "a numeric range match",
      "a regular expression over the integers' decimal form (no sign, no leading zeros)",
    );
    return { regex: rangeRegex(m.range.start ?? 0, m.range.end ?? 0) };
  }
  ledger.expressed(header.at.resource, at);
  if (m.exact !== undefined) return { exact: m.exact };
  if (m.prefix !== undefined) return { prefix: m.prefix };
  if (m.regex !== undefined) return { regex: m.regex };
  return { regex: `.*${escapeRegex(m.suffix ?? "")}` };
}
