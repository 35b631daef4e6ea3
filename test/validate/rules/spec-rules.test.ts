/** Tier 2, the rules across one spec's members, as App Mesh enforces them. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { checkSpecRules } from "../../../src/validate/rules/spec-rules.js";

const findings = (shape: string, spec: unknown) =>
  checkSpecRules(shape, spec).map((p) => `${p.severity === "warning" ? "warning " : ""}${p.path}: ${p.message}`);

const listener = (extra: Record<string, unknown>, protocol = "http", port = 8080) => ({
  listeners: [{ portMapping: { port, protocol }, ...extra }],
  serviceDiscovery: { dns: { hostname: "node.local" } },
});
const healthCheck = { intervalMillis: 5000, timeoutMillis: 2000, healthyThreshold: 2, unhealthyThreshold: 2 };
const targets = [{ virtualNode: "a", weight: 100 }];
const route = (type: string, body: Record<string, unknown>) => ({
  [type]: { action: { weightedTargets: targets }, ...body },
});

describe("virtual node service discovery", () => {
  it("service discovery without a listener is refused in App Mesh's words", () => {
    const problems = checkSpecRules("VirtualNodeSpec", { serviceDiscovery: { dns: { hostname: "a.local" } } });
    assert.deepEqual(problems, [
      {
        path: "spec.serviceDiscovery",
        message: "Service Discovery can't be set without a listener.",
        severity: "error",
        standalone: true,
      },
    ]);
  });

  it("a listener without service discovery is refused, as the API reference requires", () => {
    assert.deepEqual(findings("VirtualNodeSpec", { listeners: [{ portMapping: { port: 80, protocol: "http" } }] }), [
      "spec.serviceDiscovery: If you specify a listener, then you must specify service discovery information.",
    ]);
  });

  it("both or neither are fine; a gateway needs no service discovery", () => {
    assert.deepEqual(findings("VirtualNodeSpec", {}), []);
    assert.deepEqual(findings("VirtualNodeSpec", { backends: [] }), []);
    assert.deepEqual(findings("VirtualNodeSpec", listener({})), []);
    assert.deepEqual(
      findings("VirtualGatewaySpec", { listeners: [{ portMapping: { port: 80, protocol: "http" } }] }),
      [],
    );
  });
});

describe("virtual node and gateway listeners", () => {
  it("a connection pool keyed by another protocol than the listener's", () => {
    assert.deepEqual(findings("VirtualNodeSpec", listener({ connectionPool: { tcp: { maxConnections: 1 } } })), [
      "spec.listeners[0].connectionPool.tcp: the connection pool must match the listener protocol (http), not tcp",
    ]);
    assert.deepEqual(
      findings("VirtualGatewaySpec", listener({ connectionPool: { grpc: { maxRequests: 1 } } }, "http2")),
      ["spec.listeners[0].connectionPool.grpc: the connection pool must match the listener protocol (http2), not grpc"],
    );
  });

  it("a listener timeout keyed by another protocol, and a duration without its unit", () => {
    assert.deepEqual(findings("VirtualNodeSpec", listener({ timeout: { http: { idle: { value: 5 } } } }, "grpc")), [
      "spec.listeners[0].timeout.http: the timeout must match the listener protocol (grpc), not http",
      "spec.listeners[0].timeout.http.idle.unit: a duration needs both unit and value",
    ]);
  });

  it("a health check path on a tcp health check, and a health check port that is not the listener's", () => {
    assert.deepEqual(
      findings(
        "VirtualNodeSpec",
        listener({ healthCheck: { ...healthCheck, protocol: "tcp", path: "/ping", port: 9 } }, "tcp"),
      ),
      [
        "spec.listeners[0].healthCheck.path: a health check path is only valid for http and http2 health checks, not tcp",
        "spec.listeners[0].healthCheck.port: the health check port must be the listener's port (8080)",
      ],
    );
  });

  it("an http health check without a path is only a warning", () => {
    assert.deepEqual(findings("VirtualNodeSpec", listener({ healthCheck: { ...healthCheck, protocol: "http" } })), [
      "warning spec.listeners[0].healthCheck.path: an http health check without a path probes nothing useful",
    ]);
  });

  it("two listeners on one port", () => {
    const spec = {
      listeners: [{ portMapping: { port: 80, protocol: "http" } }, { portMapping: { port: 80, protocol: "tcp" } }],
    };
    assert.deepEqual(findings("VirtualRouterSpec", spec), [
      "spec.listeners[1].portMapping.port: port 80 is already used by listeners[0]",
    ]);
  });

  it("the same virtual service twice among the backends", () => {
    const backend = { virtualService: { virtualServiceName: "a.local" } };
    assert.deepEqual(findings("VirtualNodeSpec", { backends: [backend, backend] }), [
      "spec.backends[1]: virtual service a.local is already a backend at backends[0]",
    ]);
  });
});

describe("routes", () => {
  it("exactly one route type", () => {
    assert.deepEqual(findings("RouteSpec", {}), [
      "spec: set exactly one of httpRoute, http2Route, grpcRoute, tcpRoute",
    ]);
    assert.deepEqual(
      findings("RouteSpec", { ...route("httpRoute", { match: { prefix: "/" } }), ...route("tcpRoute", {}) }),
      ["spec: set exactly one of httpRoute, http2Route, grpcRoute, tcpRoute (httpRoute, tcpRoute are set)"],
    );
  });

  it("an http match needs a prefix or a path, one of them, and a prefix starts with /", () => {
    assert.deepEqual(findings("RouteSpec", route("httpRoute", { match: {} })), [
      "spec.httpRoute.match: set a prefix or a path to match",
    ]);
    assert.deepEqual(findings("RouteSpec", route("http2Route", { match: { prefix: "/", path: { exact: "/a" } } })), [
      "spec.http2Route.match: set a prefix or a path to match, not both",
    ]);
    assert.deepEqual(findings("RouteSpec", route("httpRoute", { match: { prefix: "api" } })), [
      'spec.httpRoute.match.prefix: a prefix must start with "/" (got "api")',
    ]);
  });

  it("a retry policy needs an event, and only the known http events", () => {
    const retryPolicy = { maxRetries: 2, perRetryTimeout: { unit: "ms", value: 100 } };
    assert.deepEqual(findings("RouteSpec", route("httpRoute", { match: { prefix: "/" }, retryPolicy })), [
      "spec.httpRoute.retryPolicy: a retry policy needs at least one event in httpRetryEvents or tcpRetryEvents",
    ]);
    const unknown = { ...retryPolicy, httpRetryEvents: ["server-error", "teapot"] };
    assert.deepEqual(findings("RouteSpec", route("httpRoute", { match: { prefix: "/" }, retryPolicy: unknown })), [
      'spec.httpRoute.retryPolicy.httpRetryEvents[1]: "teapot" is not one of server-error, gateway-error, client-error, stream-error',
    ]);
  });

  it("a gRPC method name needs its service name; a header range must not be empty", () => {
    assert.deepEqual(findings("RouteSpec", route("grpcRoute", { match: { methodName: "Get" } })), [
      "spec.grpcRoute.match.methodName: a method name needs a service name",
    ]);
    const headers = [{ name: "x-version", match: { range: { start: 5, end: 5 } } }];
    assert.deepEqual(findings("RouteSpec", route("httpRoute", { match: { prefix: "/", headers } })), [
      "spec.httpRoute.match.headers[0].match.range: the range is empty: start 5 is not below end 5",
    ]);
  });

  it("weights that do not add up to 100 are a warning", () => {
    const spec = {
      tcpRoute: {
        action: {
          weightedTargets: [
            { virtualNode: "a", weight: 50 },
            { virtualNode: "b", weight: 30 },
          ],
        },
      },
    };
    assert.deepEqual(findings("RouteSpec", spec), [
      "warning spec.tcpRoute.action.weightedTargets: the weights add up to 80, not 100",
    ]);
  });
});

describe("gateway routes", () => {
  const target = { target: { virtualService: { virtualServiceName: "s" } } };
  const gatewayRoute = (type: string, match: unknown, action: Record<string, unknown> = {}) => ({
    [type]: { match, action: { ...target, ...action } },
  });

  it("prefixes App Mesh reserves", () => {
    assert.deepEqual(findings("GatewayRouteSpec", gatewayRoute("httpRoute", { prefix: "/aws-appmesh/x" })), [
      'spec.httpRoute.match.prefix: "/aws-appmesh/x" starts with a prefix App Mesh reserves (/aws-appmesh, /aws-app-mesh)',
    ]);
  });

  it("gRPC service names App Mesh reserves", () => {
    assert.deepEqual(findings("GatewayRouteSpec", gatewayRoute("grpcRoute", { serviceName: "aws.appmesh" })), [
      'spec.grpcRoute.match.serviceName: "aws.appmesh" is a service name App Mesh reserves',
    ]);
  });

  it("no tcp gateway routes", () => {
    assert.deepEqual(findings("GatewayRouteSpec", { tcpRoute: {} }), [
      "spec: set exactly one of httpRoute, http2Route, grpcRoute",
    ]);
  });

  it("a rewrite must fit the match", () => {
    const rewrite = { rewrite: { prefix: { value: "/v2/" }, path: { exact: "/x" } } };
    assert.deepEqual(findings("GatewayRouteSpec", gatewayRoute("httpRoute", { path: { exact: "/a" } }, rewrite)), [
      "spec.httpRoute.action.rewrite.prefix: a prefix rewrite needs a prefix match",
    ]);
    assert.deepEqual(findings("GatewayRouteSpec", gatewayRoute("httpRoute", { prefix: "/" }, rewrite)), [
      "spec.httpRoute.action.rewrite.path: a path rewrite needs a path match",
    ]);
  });

  it("a hostname match is exact or suffix", () => {
    assert.deepEqual(
      findings("GatewayRouteSpec", gatewayRoute("httpRoute", { hostname: { exact: "a", suffix: "b" } })),
      ["spec.httpRoute.match.hostname: set exactly one of exact, suffix"],
    );
  });
});
