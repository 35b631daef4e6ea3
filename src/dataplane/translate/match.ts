/**
 * App Mesh route matches as Envoy RouteMatch (appmesh-semantics.md §9): prefix, exact or regex path,
 * headers (and gRPC metadata) with every match kind and `invert`, query parameters, method and scheme
 * as the `:method` and `:scheme` pseudo-headers. The port is not here: it chooses the route
 * configuration (one per listener port) the route goes into.
 */
import type {
  GrpcRouteMatch,
  GrpcRouteMetadata,
  HeaderMatchMethod,
  HttpQueryParameter,
  HttpRouteHeader,
  HttpRouteMatch,
} from "@aws-sdk/client-app-mesh";
import type { HeaderMatcher, QueryParameterMatcher, RouteMatch } from "../envoy/route.js";

export function httpMatchOf(match: HttpRouteMatch | undefined): RouteMatch {
  const path = match?.path;
  const result: RouteMatch =
    path?.exact !== undefined
      ? { path: path.exact }
      : path?.regex !== undefined
        ? { safe_regex: { regex: path.regex } }
        : { prefix: match?.prefix ?? "/" };
  const headers = (match?.headers ?? []).map(headerMatcherOf);
  if (match?.method) headers.push({ name: ":method", string_match: { exact: match.method } });
  if (match?.scheme) headers.push({ name: ":scheme", string_match: { exact: match.scheme } });
  if (headers.length) result.headers = headers;
  const query = (match?.queryParameters ?? []).map(queryMatcherOf);
  if (query.length) result.query_parameters = query;
  return result;
}

/** gRPC: `/<service>/<method>` or `/<service>/` (any method), metadata as headers, gRPC requests only. */
export function grpcMatchOf(match: GrpcRouteMatch | undefined): RouteMatch {
  const service = match?.serviceName;
  const result: RouteMatch =
    service === undefined
      ? { prefix: "/" }
      : match?.methodName === undefined
        ? { prefix: `/${service}/` }
        : { path: `/${service}/${match.methodName}` };
  const headers = (match?.metadata ?? []).map(headerMatcherOf);
  if (headers.length) result.headers = headers;
  result.grpc = {};
  return result;
}

function headerMatcherOf(header: HttpRouteHeader | GrpcRouteMetadata): HeaderMatcher {
  const matcher: HeaderMatcher = { name: (header.name ?? "").toLowerCase(), ...methodOf(header.match) };
  if (header.invert) matcher.invert_match = true;
  return matcher;
}

function methodOf(match: HeaderMatchMethod | undefined): Omit<HeaderMatcher, "name"> {
  if (match?.exact !== undefined) return { string_match: { exact: match.exact } };
  if (match?.prefix !== undefined) return { string_match: { prefix: match.prefix } };
  if (match?.suffix !== undefined) return { string_match: { suffix: match.suffix } };
  if (match?.regex !== undefined) return { string_match: { safe_regex: { regex: match.regex } } };
  if (match?.range !== undefined) {
    return { range_match: { start: String(match.range.start ?? 0), end: String(match.range.end ?? 0) } };
  }
  return { present_match: true };
}

function queryMatcherOf(parameter: HttpQueryParameter): QueryParameterMatcher {
  const name = parameter.name ?? "";
  const exact = parameter.match?.exact;
  return exact === undefined ? { name, present_match: true } : { name, string_match: { exact } };
}
