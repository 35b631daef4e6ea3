/**
 * Route rules: exactly one route type; an http match by prefix (starting with `/`) or by path, not both;
 * header ranges that are not empty; retry policies with at least one event, known http events and the
 * one tcp event; a gRPC method only with its service; durations with unit and value.
 */

import { type Json, list, obj, ROUTE_TYPES, type RouteType } from "../../model/json.js";
import { checkDuration, checkTimeout } from "./durations.js";
import { childPath, type Findings } from "./rule.js";

export const HTTP_RETRY_EVENTS = ["server-error", "gateway-error", "client-error", "stream-error"];

/** The route types set on a route or gateway route spec. */
export function routeTypesOf(spec: Json): RouteType[] {
  return (Object.keys(ROUTE_TYPES) as RouteType[]).filter((type) => spec[type] !== undefined);
}

export function checkOneRouteType(
  findings: Findings,
  spec: Json,
  allowed: RouteType[],
  path: string,
): RouteType | undefined {
  const types = routeTypesOf(spec).filter((t) => allowed.includes(t));
  if (types.length !== 1) {
    findings.error(
      path,
      `set exactly one of ${allowed.join(", ")}${types.length ? ` (${types.join(", ")} are set)` : ""}`,
    );
  }
  return types.length === 1 ? types[0] : undefined;
}

export function checkRouteSpec(findings: Findings, spec: Json, path: string): void {
  const type = checkOneRouteType(findings, spec, ["httpRoute", "http2Route", "grpcRoute", "tcpRoute"], path);
  if (!type) return;
  const route = obj(spec[type]) ?? {};
  const at = childPath(path, type);
  const match = obj(route.match);
  if (type === "httpRoute" || type === "http2Route") checkHttpMatch(findings, match, childPath(at, "match"));
  if (type === "grpcRoute" && match?.methodName !== undefined && match.serviceName === undefined) {
    findings.error(childPath(childPath(at, "match"), "methodName"), "a method name needs a service name");
  }
  for (const key of ["headers", "metadata"]) {
    for (const [i, header] of list(match?.[key]).entries()) {
      const headerPath = childPath(childPath(childPath(at, "match"), key), i);
      checkRange(findings, obj(obj(header)?.match)?.range, childPath(headerPath, "match"));
    }
  }
  checkRetryPolicy(findings, route.retryPolicy, type, childPath(at, "retryPolicy"));
  checkTimeout(findings, route.timeout, childPath(at, "timeout"));
  checkWeights(findings, obj(route.action)?.weightedTargets, childPath(childPath(at, "action"), "weightedTargets"));
}

/** An http match needs a prefix or a path (one of them), and a prefix starts with `/`. */
export function checkHttpMatch(findings: Findings, match: Json | undefined, path: string): void {
  if (!match) return;
  if (match.prefix === undefined && match.path === undefined) {
    findings.error(path, "set a prefix or a path to match");
  } else if (match.prefix !== undefined && match.path !== undefined) {
    findings.error(path, "set a prefix or a path to match, not both");
  }
  if (typeof match.prefix === "string" && !match.prefix.startsWith("/")) {
    findings.error(childPath(path, "prefix"), `a prefix must start with "/" (got "${match.prefix}")`);
  }
}

function checkRange(findings: Findings, value: unknown, path: string): void {
  const range = obj(value);
  if (range && typeof range.start === "number" && typeof range.end === "number" && range.start >= range.end) {
    findings.error(childPath(path, "range"), `the range is empty: start ${range.start} is not below end ${range.end}`);
  }
}

function checkRetryPolicy(findings: Findings, value: unknown, type: RouteType, path: string): void {
  const policy = obj(value);
  if (!policy) return;
  const events =
    type === "grpcRoute"
      ? ["grpcRetryEvents", "httpRetryEvents", "tcpRetryEvents"]
      : ["httpRetryEvents", "tcpRetryEvents"];
  if (events.every((key) => list(policy[key]).length === 0)) {
    findings.error(path, `a retry policy needs at least one event in ${events.join(" or ")}`);
  }
  for (const [i, event] of list(policy.httpRetryEvents).entries()) {
    if (typeof event === "string" && !HTTP_RETRY_EVENTS.includes(event)) {
      findings.error(
        childPath(childPath(path, "httpRetryEvents"), i),
        `"${event}" is not one of ${HTTP_RETRY_EVENTS.join(", ")}`,
      );
    }
  }
  checkDuration(findings, policy.perRetryTimeout, childPath(path, "perRetryTimeout"));
}

/** Weights that do not add up to 100 were accepted by App Mesh, but rarely meant. */
function checkWeights(findings: Findings, targets: unknown, path: string): void {
  const weights = list(targets).map((t) => obj(t)?.weight);
  if (weights.some((w) => typeof w !== "number")) return;
  const total = (weights as number[]).reduce((sum, w) => sum + w, 0);
  if (total === 0) findings.warning(path, "every weight is 0: the route sends traffic nowhere");
  else if (total !== 100) findings.warning(path, `the weights add up to ${total}, not 100`);
}
