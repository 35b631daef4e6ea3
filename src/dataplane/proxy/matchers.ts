/**
 * Envoy's route match conditions, compiled once per route configuration. Each condition tests a
 * request quickly (the proxy's hot path) and can say why a request fails it (`mesh explain`).
 */
import type { StringMatcher } from "../envoy/common.js";
import type { HeaderMatcher, QueryParameterMatcher, RouteMatch } from "../envoy/route.js";

/** What routing reads of a request. Header names are lower case; several values of one header join with ",". */
export interface RoutableRequest {
  authority: string;
  /** Normalised path, with its query. */
  path: string;
  method: string;
  scheme: string;
  header(name: string): string | undefined;
}

export interface Condition {
  test(request: RoutableRequest): boolean;
  /** Why the request fails the test, in a few words. */
  why(request: RoutableRequest): string;
}

/** RE2 syntax as JavaScript: a full match, as Envoy's safe_regex requires. */
export function fullMatch(regex: string): RegExp {
  return new RegExp(`^(?:${regex})$`);
}

/** A string test, and what it needs in words ("be true", "start with /api"). */
function stringTest(matcher: StringMatcher): { test: (value: string) => boolean; need: string } {
  const fold = matcher.ignore_case ? (value: string) => value.toLowerCase() : (value: string) => value;
  if (matcher.exact !== undefined) {
    const exact = fold(matcher.exact);
    return { test: (value) => fold(value) === exact, need: `be ${matcher.exact}` };
  }
  if (matcher.prefix !== undefined) {
    const prefix = fold(matcher.prefix);
    return { test: (value) => fold(value).startsWith(prefix), need: `start with ${matcher.prefix}` };
  }
  if (matcher.suffix !== undefined) {
    const suffix = fold(matcher.suffix);
    return { test: (value) => fold(value).endsWith(suffix), need: `end with ${matcher.suffix}` };
  }
  const regex = fullMatch(matcher.safe_regex?.regex ?? "");
  return { test: (value) => regex.test(value), need: `match ${matcher.safe_regex?.regex}` };
}

function pathOnly(path: string): string {
  const query = path.indexOf("?");
  return query < 0 ? path : path.slice(0, query);
}

function pathCondition(match: RouteMatch): Condition {
  if (match.path !== undefined) {
    const exact = match.path;
    return { test: (r) => pathOnly(r.path) === exact, why: (r) => `path ${pathOnly(r.path)} is not ${exact}` };
  }
  if (match.safe_regex !== undefined) {
    const regex = fullMatch(match.safe_regex.regex);
    return {
      test: (r) => regex.test(pathOnly(r.path)),
      why: (r) => `path ${pathOnly(r.path)} does not match ${match.safe_regex?.regex}`,
    };
  }
  const prefix = match.prefix ?? "/";
  return {
    test: (r) => r.path.startsWith(prefix),
    why: (r) => `path ${pathOnly(r.path)} does not start with ${prefix}`,
  };
}

function headerValue(request: RoutableRequest, name: string): string | undefined {
  switch (name) {
    case ":method":
      return request.method;
    case ":scheme":
      return request.scheme;
    case ":authority":
      return request.authority;
    case ":path":
      return request.path;
    default:
      return request.header(name);
  }
}

function headerCondition(matcher: HeaderMatcher): Condition {
  const { name } = matcher;
  const label = name === ":method" ? "method" : name === ":scheme" ? "scheme" : `header ${name}`;
  let test: (value: string | undefined) => boolean;
  let need: string;
  if (matcher.string_match) {
    const string = stringTest(matcher.string_match);
    test = (value) => value !== undefined && string.test(value);
    need = string.need;
  } else if (matcher.range_match) {
    const start = Number(matcher.range_match.start);
    const end = Number(matcher.range_match.end);
    test = (value) => value !== undefined && /^-?\d+$/.test(value) && Number(value) >= start && Number(value) < end;
    need = `be in [${start}, ${end})`;
  } else {
    test = (value) => value !== undefined;
    need = "be present";
  }
  const invert = matcher.invert_match === true;
  return {
    test: (r) => test(headerValue(r, name)) !== invert,
    why: (r) => {
      const value = headerValue(r, name);
      const shown = value === undefined ? `${label} is absent` : `${label} is ${value}`;
      return `${shown}; the route needs it ${invert ? "not " : ""}to ${need}`;
    },
  };
}

/** The first value of a query parameter, undecoded, as Envoy reads it. */
export function queryValue(path: string, name: string): string | undefined {
  const at = path.indexOf("?");
  if (at < 0) return undefined;
  for (const pair of path.slice(at + 1).split("&")) {
    const eq = pair.indexOf("=");
    const key = eq < 0 ? pair : pair.slice(0, eq);
    if (key === name) return eq < 0 ? "" : pair.slice(eq + 1);
  }
  return undefined;
}

function queryCondition(matcher: QueryParameterMatcher): Condition {
  const string = matcher.string_match ? stringTest(matcher.string_match) : undefined;
  return {
    test: (r) => {
      const value = queryValue(r.path, matcher.name);
      return value !== undefined && (string === undefined || string.test(value));
    },
    why: (r) => {
      const value = queryValue(r.path, matcher.name);
      return value === undefined
        ? `query parameter ${matcher.name} is absent`
        : `query parameter ${matcher.name} is ${value}; the route needs it to ${string?.need}`;
    },
  };
}

const GRPC: Condition = {
  test: (r) => (r.header("content-type") ?? "").startsWith("application/grpc"),
  why: () => "not a gRPC request (content-type application/grpc)",
};

export function conditionsOf(match: RouteMatch): Condition[] {
  return [
    pathCondition(match),
    ...(match.headers ?? []).map(headerCondition),
    ...(match.query_parameters ?? []).map(queryCondition),
    ...(match.grpc ? [GRPC] : []),
  ];
}
