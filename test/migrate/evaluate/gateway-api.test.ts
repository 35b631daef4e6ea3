/**
 * The Gateway API evaluator on its own, on hand-written objects: routes attached to a Service (mesh)
 * or a Gateway listener, hostnames, segment-wise prefixes, the precedence of matches across rules and
 * routes, gRPC methods, TCP, weights, rewrites and virtual nodes named by the route's annotation.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseAllDocuments } from "yaml";
import { gatewayApiEvaluator } from "../../../src/migrate/evaluate/gateway-api.js";

const CONFIG = `
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: b-store
  namespace: shop
  annotations: { export.mesh/virtual-nodes: '{"shop/store-v1": "store-v1"}' }
spec:
  parentRefs: [{ group: "", kind: Service, name: store, port: 8080 }]
  rules:
    - name: everything
      backendRefs: [{ name: store-v1, port: 8080, weight: 3 }, { name: store-v2, port: 8080 }]
    - name: api
      matches: [{ path: { type: PathPrefix, value: /api/ } }]
      backendRefs: [{ name: store-api, port: 8080 }]
    - name: api-get
      matches: [{ path: { type: PathPrefix, value: /api }, method: GET }]
      backendRefs: [{ name: store-api-read, port: 8080 }]
    - name: exact
      matches: [{ path: { type: Exact, value: /api/health } }]
      backendRefs: [{ name: store-health, port: 8080 }]
    - name: beta
      matches: [{ path: { type: PathPrefix, value: /api }, method: GET, headers: [{ name: x-beta, value: "1" }] }]
      backendRefs: [{ name: store-beta, port: 8080 }]
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: { name: a-store, namespace: shop }
spec:
  parentRefs: [{ group: "", kind: Service, name: store }]
  rules:
    - name: same-as-b
      matches: [{ path: { type: PathPrefix, value: /api }, method: GET }]
      backendRefs: [{ name: store-a, port: 8080 }]
---
apiVersion: gateway.networking.k8s.io/v1
kind: GRPCRoute
metadata: { name: store-grpc, namespace: shop }
spec:
  parentRefs: [{ group: "", kind: Service, name: store }]
  rules:
    - name: get
      matches: [{ method: { service: shop.Store, method: Get } }]
      backendRefs: [{ name: store-grpc, port: 9090 }]
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: { name: edge, namespace: shop }
spec:
  gatewayClassName: any
  listeners: [{ name: web, port: 80, protocol: HTTP }, { name: admin, port: 9000, protocol: HTTP }]
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: { name: edge-shop, namespace: shop }
spec:
  parentRefs: [{ name: edge, sectionName: web }]
  hostnames: ["*.example.com"]
  rules:
    - name: shop
      matches: [{ path: { type: PathPrefix, value: /shop } }]
      filters: [{ type: URLRewrite, urlRewrite: { hostname: store.shop.svc.cluster.local, path: { type: ReplacePrefixMatch, replacePrefixMatch: / } } }]
      backendRefs: [{ name: store-v1, port: 8080 }]
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: { name: edge-exact-host, namespace: shop }
spec:
  parentRefs: [{ name: edge }]
  hostnames: [www.example.com]
  rules:
    - name: www
      backendRefs: [{ name: www, port: 80 }]
---
apiVersion: gateway.networking.k8s.io/v1alpha2
kind: TCPRoute
metadata: { name: db, namespace: shop }
spec:
  parentRefs: [{ group: "", kind: Service, name: db, port: 5432 }]
  rules: [{ backendRefs: [{ name: db-primary, port: 5432 }] }]
`;

const evaluate = gatewayApiEvaluator(parseAllDocuments(CONFIG).map((doc) => doc.toJS()));
const STORE = "http://store.shop.svc.cluster.local:8080";
const route = (request: Parameters<typeof evaluate>[0]) => {
  const decision = evaluate(request) as any;
  return decision.noMatch ? `no match: ${decision.noMatch}` : `${decision.virtualService}#${decision.route}`;
};

describe("the Gateway API evaluator", () => {
  it("ranks matches, not rule order: exact path, longest prefix, method, most headers", () => {
    assert.equal(route({ url: `${STORE}/api/health` }), "shop/b-store#exact");
    assert.equal(route({ url: `${STORE}/api/items`, method: "POST" }), "shop/b-store#api");
    assert.equal(route({ url: `${STORE}/api/items`, headers: { "X-Beta": "1" } }), "shop/b-store#beta");
    assert.equal(route({ url: `${STORE}/other` }), "shop/b-store#everything");
  });

  it("on a tie across routes, the first by namespace/name wins", () => {
    assert.equal(route({ url: `${STORE}/api/items` }), "shop/a-store#same-as-b");
  });

  it("a path prefix matches whole segments; a trailing slash is ignored", () => {
    assert.equal(route({ url: `${STORE}/apix`, method: "POST" }), "shop/b-store#everything");
    assert.equal(route({ url: `${STORE}/api`, method: "POST" }), "shop/b-store#api");
  });

  it("a parentRef's port limits the routes to that port; an unknown Service has none", () => {
    assert.equal(route({ url: "http://store.shop.svc.cluster.local:9999/api/items" }), "shop/a-store#same-as-b");
    assert.match(
      route({ url: "http://nothing.shop.svc.cluster.local/" }),
      /no HTTPRoute is attached to the Service shop\/nothing/,
    );
    assert.match(route({ url: "http://store.example.com/" }), /not a Service's name/);
  });

  it("weights are relative (default 1), and the annotation names the virtual node of a backend", () => {
    assert.deepEqual((evaluate({ url: `${STORE}/` }) as any).targets, [
      { host: "store-v1.shop.svc.cluster.local", port: 8080, virtualNode: "store-v1", weight: 3 },
      { host: "store-v2.shop.svc.cluster.local", port: 8080, weight: 1 },
    ]);
  });

  it("gRPC requests go by GRPCRoute methods", () => {
    const grpc = { url: `${STORE}/shop.Store/Get`, method: "POST", headers: { "content-type": "application/grpc" } };
    assert.equal(route(grpc), "shop/store-grpc#get");
    assert.match(route({ ...grpc, url: `${STORE}/shop.Store/Put` }), /no GRPCRoute rule matches/);
  });

  it("through a gateway: the listener on the port, the route's section and hostnames (exact beats wildcard), rewrites", () => {
    const shop = evaluate({ url: "http://a.example.com/shop/cart", gateway: "edge" }) as any;
    assert.equal(shop.route, "shop");
    assert.deepEqual(shop.rewrite, { authority: "store.shop.svc.cluster.local", path: "/cart" });
    assert.equal(route({ url: "http://www.example.com/shop/cart", gateway: "edge" }), "shop/edge-exact-host#www");
    assert.match(
      route({ url: "http://a.example.com:9000/shop/cart", gateway: "edge" }),
      /no HTTPRoute on Gateway edge/,
    );
    assert.match(route({ url: "http://a.example.com:81/", gateway: "edge" }), /no listener on port 81/);
    assert.match(route({ url: "http://example.com/shop/cart", gateway: "edge" }), /no HTTPRoute on Gateway edge/);
  });

  it("TCP connections go by the TCPRoute attached to the Service's port", () => {
    assert.deepEqual(evaluate({ url: "tcp://db.shop.svc.cluster.local:5432" }), {
      virtualService: "shop/db",
      targets: [{ host: "db-primary.shop.svc.cluster.local", port: 5432, weight: 1 }],
    });
  });
});
