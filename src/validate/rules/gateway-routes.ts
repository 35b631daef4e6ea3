/**
 * Gateway route rules: one route type (http, http2 or grpc); prefixes start with `/` and avoid the
 * prefixes App Mesh reserves; gRPC service names avoid the reserved ones; a hostname match is exact or
 * suffix; rewrites fit the match (a prefix rewrite needs a prefix match, a path rewrite a path match).
 */
import { type Json, obj } from "../../model/json.js";
import { checkHttpMatch, checkOneRouteType } from "./routes.js";
import { childPath, type Findings } from "./rule.js";

const RESERVED_PREFIXES = ["/aws-appmesh", "/aws-app-mesh"];

export function checkGatewayRouteSpec(findings: Findings, spec: Json, path: string): void {
  const type = checkOneRouteType(findings, spec, ["httpRoute", "http2Route", "grpcRoute"], path);
  if (!type) return;
  const route = obj(spec[type]) ?? {};
  const at = childPath(path, type);
  const match = obj(route.match) ?? {};
  const matchPath = childPath(at, "match");
  checkHostname(findings, match.hostname, childPath(matchPath, "hostname"));
  if (type === "grpcRoute") {
    const service = match.serviceName;
    if (typeof service === "string" && (service.startsWith("aws.app-mesh") || service === "aws.appmesh")) {
      findings.error(childPath(matchPath, "serviceName"), `"${service}" is a service name App Mesh reserves`);
    }
    return;
  }
  if (match.prefix !== undefined || match.path !== undefined || match.hostname === undefined) {
    checkHttpMatch(findings, match, matchPath);
  }
  const prefix = match.prefix;
  if (typeof prefix === "string" && RESERVED_PREFIXES.some((reserved) => prefix.startsWith(reserved))) {
    findings.error(
      childPath(matchPath, "prefix"),
      `"${prefix}" starts with a prefix App Mesh reserves (${RESERVED_PREFIXES.join(", ")})`,
    );
  }
  checkRewrite(findings, obj(obj(route.action)?.rewrite), match, childPath(childPath(at, "action"), "rewrite"));
}

function checkHostname(findings: Findings, value: unknown, path: string): void {
  const hostname = obj(value);
  if (hostname && (hostname.exact === undefined) === (hostname.suffix === undefined)) {
    findings.error(path, "set exactly one of exact, suffix");
  }
}

function checkRewrite(findings: Findings, rewrite: Json | undefined, match: Json, path: string): void {
  if (!rewrite) return;
  const prefix = obj(rewrite.prefix);
  if (prefix) {
    if (match.prefix === undefined) findings.error(childPath(path, "prefix"), "a prefix rewrite needs a prefix match");
    if ((prefix.defaultPrefix === undefined) === (prefix.value === undefined)) {
      findings.error(childPath(path, "prefix"), "set exactly one of defaultPrefix, value");
    }
    if (typeof prefix.value === "string" && !prefix.value.startsWith("/")) {
      findings.error(childPath(childPath(path, "prefix"), "value"), `a rewritten prefix must start with "/"`);
    }
  }
  if (rewrite.path !== undefined && match.path === undefined) {
    findings.error(childPath(path, "path"), "a path rewrite needs a path match");
  }
}
