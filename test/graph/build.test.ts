/** The graph model: what each resource shows, the edges between them, and the dangling references. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { buildGraph } from "../../src/graph/build.js";
import { type GraphEdge, type MeshGraph, problemsOf } from "../../src/graph/model.js";
import { emptySnapshot as emptyResources, type MeshSnapshot as MeshResources } from "../../src/snapshot/snapshot.js";
import { DANGLING, documentsGraph, WALKTHROUGH } from "./meshes.js";

function graphOf(resources: Partial<MeshResources>): MeshGraph {
  return buildGraph({ ...emptyResources("m"), ...resources });
}

const node = (graph: MeshGraph, id: string) => graph.nodes.find((n) => n.id === id);
const edgesFrom = (graph: MeshGraph, id: string) => graph.edges.filter((e) => e.from === id);
const listener = (port: number, extra: object = {}) => ({ portMapping: { port, protocol: "http" as const }, ...extra });
const http = (targets: { virtualNode: string; weight: number; port?: number }[], extra: object = {}) => ({
  httpRoute: { match: { prefix: "/" }, action: { weightedTargets: targets }, ...extra },
});

describe("the graph of a mesh", () => {
  it("has a node per resource, in traffic order: gateways, gateway routes, services, routers, routes, nodes", async () => {
    const graph = await documentsGraph(WALKTHROUGH);
    assert.deepEqual(
      graph.nodes.map((n) => n.id),
      [
        "virtualGateway:colors-gw",
        "gatewayRoute:colors-gw/to-colors",
        "virtualService:audit.colors.local",
        "virtualService:colors.local",
        "virtualRouter:colors-router",
        "route:colors-router/beta",
        "route:colors-router/canary",
        "virtualNode:audit",
        "virtualNode:colors-v1",
        "virtualNode:colors-v2",
      ],
    );
    assert.deepEqual(problemsOf(graph), []);
  });

  it("links gateway → gateway route → service → provider → route → nodes, and nodes → backends", async () => {
    const graph = await documentsGraph(WALKTHROUGH);
    const links = (relation: GraphEdge["relation"]) =>
      graph.edges.filter((e) => e.relation === relation).map((e) => `${e.from} > ${e.to}`);
    assert.deepEqual(links("contains"), [
      "virtualGateway:colors-gw > gatewayRoute:colors-gw/to-colors",
      "virtualRouter:colors-router > route:colors-router/beta",
      "virtualRouter:colors-router > route:colors-router/canary",
    ]);
    assert.deepEqual(links("provider"), [
      "virtualService:audit.colors.local > virtualNode:audit",
      "virtualService:colors.local > virtualRouter:colors-router",
    ]);
    assert.deepEqual(links("backend"), [
      "virtualNode:colors-v1 > virtualService:audit.colors.local",
      "virtualNode:colors-v2 > virtualService:audit.colors.local",
    ]);
  });

  describe("routes", () => {
    const routerWith = (...routes: MeshResources["routes"]) =>
      graphOf({
        virtualRouters: [{ name: "r", spec: { listeners: [listener(8080)] } }],
        virtualNodes: [
          { name: "a", spec: { listeners: [listener(8080)] } },
          { name: "b", spec: {} },
        ],
        routes,
      });

    it("a 90/10 split is two target edges from the route, labelled 90% and 10%", () => {
      const graph = routerWith({
        name: "split",
        parent: "r",
        spec: http([
          { virtualNode: "a", weight: 90 },
          { virtualNode: "b", weight: 10 },
        ]),
      });
      assert.deepEqual(
        edgesFrom(graph, "route:r/split").map((e) => [e.to, e.relation, e.label]),
        [
          ["virtualNode:a", "target", "90%"],
          ["virtualNode:b", "target", "10%"],
        ],
      );
    });

    it("weights that do not add up to 100 show as shares, and a target port follows its weight", () => {
      const graph = routerWith({
        name: "odd",
        parent: "r",
        spec: http([
          { virtualNode: "a", weight: 1, port: 8080 },
          { virtualNode: "b", weight: 3 },
        ]),
      });
      assert.deepEqual(
        edgesFrom(graph, "route:r/odd").map((e) => e.label),
        ["1/4 :8080", "3/4"],
      );
    });

    it("are ordered as they match: by priority, 0 first, routes without one last", () => {
      const target = [{ virtualNode: "a", weight: 100 }];
      const graph = routerWith(
        { name: "none", parent: "r", spec: http(target) },
        { name: "late", parent: "r", spec: { ...http(target), priority: 9 } },
        { name: "first", parent: "r", spec: { ...http(target), priority: 0 } },
      );
      assert.deepEqual(
        edgesFrom(graph, "virtualRouter:r").map((e) => e.to),
        ["route:r/first", "route:r/late", "route:r/none"],
      );
    });

    it("an HTTP match names prefix, path, headers, method, query parameters, scheme and port; then priority", () => {
      const spec = {
        priority: 3,
        http2Route: {
          match: {
            path: { regex: "^/v[0-9]+" },
            headers: [
              { name: "x-canary", match: { exact: "beta" } },
              { name: "x-tier", invert: true, match: { range: { start: 1, end: 5 } } },
              { name: "x-debug" },
            ],
            method: "POST" as const,
            queryParameters: [{ name: "v", match: { exact: "2" } }, { name: "trace" }],
            scheme: "https" as const,
            port: 8080,
          },
          action: { weightedTargets: [{ virtualNode: "a", weight: 100 }] },
        },
      };
      assert.deepEqual(node(routerWith({ name: "all", parent: "r", spec }), "route:r/all")?.details, [
        "http2",
        "path regex ^/v[0-9]+",
        "header x-canary = beta",
        "header x-tier not in [1, 5)",
        "header x-debug present",
        "method POST",
        "query v = 2",
        "query trace present",
        "scheme https",
        "port 8080",
        "priority 3",
      ]);
    });

    it("a gRPC match names service, method and metadata; a TCP route only its port", () => {
      const target = { weightedTargets: [{ virtualNode: "a", weight: 100 }] };
      const graph = routerWith(
        {
          name: "grpc",
          parent: "r",
          spec: {
            grpcRoute: {
              match: {
                serviceName: "colors.Api",
                methodName: "Get",
                metadata: [{ name: "tier", match: { prefix: "gold" } }],
              },
              action: target,
            },
          },
        },
        { name: "tcp", parent: "r", spec: { tcpRoute: { match: { port: 9000 }, action: target } } },
      );
      assert.deepEqual(node(graph, "route:r/grpc")?.details, [
        "grpc",
        "service colors.Api",
        "method Get",
        "metadata tier prefix gold",
      ]);
      assert.deepEqual(node(graph, "route:r/tcp")?.details, ["tcp", "port 9000"]);
    });

    it("retry and timeout policies are badges", () => {
      const spec = http([{ virtualNode: "a", weight: 100 }], {
        retryPolicy: { maxRetries: 3, perRetryTimeout: { value: 250, unit: "ms" }, httpRetryEvents: ["server-error"] },
        timeout: { perRequest: { value: 15, unit: "s" }, idle: { value: 300, unit: "s" } },
      });
      assert.deepEqual(node(routerWith({ name: "policy", parent: "r", spec }), "route:r/policy")?.badges, [
        "retry 3x 250ms",
        "timeout 15s",
        "idle 300s",
      ]);
    });
  });

  describe("virtual nodes and gateways", () => {
    const healthCheck = {
      protocol: "http" as const,
      intervalMillis: 5000,
      timeoutMillis: 2000,
      healthyThreshold: 2,
      unhealthyThreshold: 2,
    };
    const tls = { mode: "PERMISSIVE" as const, certificate: { sds: { secretName: "cert" } } };

    it("listeners show protocol:port and health-check, TLS and outlier badges", () => {
      const outlierDetection = {
        maxServerErrors: 1,
        maxEjectionPercent: 10,
        interval: { value: 1, unit: "s" as const },
        baseEjectionDuration: { value: 1, unit: "s" as const },
      };
      const graph = graphOf({
        virtualNodes: [{ name: "n", spec: { listeners: [listener(8080, { healthCheck, tls, outlierDetection })] } }],
      });
      assert.deepEqual(node(graph, "virtualNode:n")?.details, ["http:8080"]);
      assert.deepEqual(node(graph, "virtualNode:n")?.badges, ["health-check", "tls PERMISSIVE", "outlier"]);
    });

    it("with several listeners, each badge names its port", () => {
      const graph = graphOf({
        virtualGateways: [{ name: "g", spec: { listeners: [listener(80), listener(443, { healthCheck, tls })] } }],
      });
      assert.deepEqual(node(graph, "virtualGateway:g")?.details, ["http:80", "http:443"]);
      assert.deepEqual(node(graph, "virtualGateway:g")?.badges, ["health-check :443", "tls PERMISSIVE :443"]);
    });

    it("service discovery follows the listeners: a DNS hostname or a Cloud Map namespace/service", () => {
      const graph = graphOf({
        virtualNodes: [
          { name: "dns", spec: { serviceDiscovery: { dns: { hostname: "a.local" } } } },
          { name: "map", spec: { serviceDiscovery: { awsCloudMap: { namespaceName: "ns", serviceName: "svc" } } } },
        ],
      });
      assert.deepEqual(node(graph, "virtualNode:dns")?.details, ["dns a.local"]);
      assert.deepEqual(node(graph, "virtualNode:map")?.details, ["cloud map ns/svc"]);
    });

    it("a gateway route shows its match and priority, and its target port on the edge", () => {
      const graph = graphOf({
        virtualServices: [{ name: "s.local", spec: {} }],
        gatewayRoutes: [
          {
            name: "gr",
            parent: "g",
            spec: {
              priority: 2,
              httpRoute: {
                match: { prefix: "/api", hostname: { suffix: ".example.com" }, method: "GET" },
                action: { target: { virtualService: { virtualServiceName: "s.local" }, port: 8080 } },
              },
            },
          },
        ],
        virtualGateways: [{ name: "g", spec: { listeners: [listener(80)] } }],
      });
      assert.deepEqual(node(graph, "gatewayRoute:g/gr")?.details, [
        "http",
        "prefix /api",
        "host *.example.com",
        "method GET",
        "priority 2",
      ]);
      assert.deepEqual(edgesFrom(graph, "gatewayRoute:g/gr"), [
        { from: "gatewayRoute:g/gr", to: "virtualService:s.local", relation: "target", label: ":8080" },
      ]);
    });
  });
});

describe("dangling references are drawn and marked", () => {
  const missing = (graph: MeshGraph, id: string) => assert.equal(node(graph, id)?.missing, true, `${id} is missing`);

  it("a backend naming a missing virtual service", () => {
    const graph = graphOf({
      virtualNodes: [{ name: "web", spec: { backends: [{ virtualService: { virtualServiceName: "ghost.local" } }] } }],
    });
    missing(graph, "virtualService:ghost.local");
    assert.equal(edgesFrom(graph, "virtualNode:web")[0]?.problem, "virtual service ghost.local does not exist");
  });

  it("a virtual router with no routes", () => {
    const graph = graphOf({ virtualRouters: [{ name: "empty", spec: {} }] });
    assert.deepEqual(node(graph, "virtualRouter:empty")?.problems, ["no routes"]);
  });

  it("a route target whose port is not a listener of the target node", () => {
    const graph = graphOf({
      virtualRouters: [{ name: "r", spec: {} }],
      virtualNodes: [{ name: "web", spec: { listeners: [listener(8080)] } }],
      routes: [{ name: "to-web", parent: "r", spec: http([{ virtualNode: "web", weight: 100, port: 9090 }]) }],
    });
    assert.equal(node(graph, "virtualNode:web")?.missing, false);
    assert.equal(edgesFrom(graph, "route:r/to-web")[0]?.problem, "virtual node web has no listener on port 9090");
  });

  it("a route target virtual node that does not exist", () => {
    const graph = graphOf({
      virtualRouters: [{ name: "r", spec: {} }],
      routes: [{ name: "to-ghost", parent: "r", spec: http([{ virtualNode: "ghost", weight: 100 }]) }],
    });
    missing(graph, "virtualNode:ghost");
    assert.equal(edgesFrom(graph, "route:r/to-ghost")[0]?.problem, "virtual node ghost does not exist");
  });

  it("a virtual service whose provider (node or router) is missing", () => {
    const graph = graphOf({
      virtualServices: [
        { name: "a.local", spec: { provider: { virtualNode: { virtualNodeName: "gone" } } } },
        { name: "b.local", spec: { provider: { virtualRouter: { virtualRouterName: "gone-router" } } } },
      ],
    });
    missing(graph, "virtualNode:gone");
    missing(graph, "virtualRouter:gone-router");
    assert.deepEqual(problemsOf(graph), [
      "virtual service a.local: virtual node gone does not exist",
      "virtual service b.local: virtual router gone-router does not exist",
    ]);
  });

  it("a gateway route whose target virtual service is missing", () => {
    const graph = graphOf({
      virtualGateways: [{ name: "g", spec: { listeners: [listener(80)] } }],
      gatewayRoutes: [
        {
          name: "lost",
          parent: "g",
          spec: {
            httpRoute: {
              match: { prefix: "/" },
              action: { target: { virtualService: { virtualServiceName: "nowhere.local" } } },
            },
          },
        },
      ],
    });
    missing(graph, "virtualService:nowhere.local");
    assert.equal(edgesFrom(graph, "gatewayRoute:g/lost")[0]?.problem, "virtual service nowhere.local does not exist");
  });

  it("a route whose virtual router is missing hangs under a missing router", () => {
    const graph = graphOf({ routes: [{ name: "stray", parent: "r", spec: http([]) }] });
    missing(graph, "virtualRouter:r");
    assert.equal(edgesFrom(graph, "virtualRouter:r")[0]?.problem, "virtual router r does not exist");
  });

  it("the dangling fixture lists one problem per kind of dangling reference", async () => {
    assert.deepEqual(problemsOf(await documentsGraph(DANGLING)), [
      "virtual router empty-router: no routes",
      "gateway route lost: virtual service nowhere.local does not exist",
      "virtual service orphan.local: virtual node gone does not exist",
      "route wrong-port: virtual node web has no listener on port 9090",
      "virtual node web: virtual service ghost.local does not exist",
    ]);
  });
});
