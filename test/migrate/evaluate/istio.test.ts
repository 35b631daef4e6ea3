/**
 * The Istio evaluator on its own, on hand-written Istio objects: which VirtualService takes a request
 * (mesh or gateway, host forms), first-match order, each kind of condition, weights, rewrites, direct
 * responses, TCP, and virtual nodes named by a DestinationRule's annotation.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseAllDocuments } from "yaml";
import { istioEvaluator } from "../../../src/migrate/evaluate/istio.js";

const CONFIG = `
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: reviews, namespace: bookinfo }
spec:
  hosts: [reviews]
  http:
    - name: jason
      match: [{ headers: { end-user: { exact: jason } } }, { queryParams: { debug: { regex: "1|true" } } }]
      route: [{ destination: { host: reviews, subset: v2 } }]
    - name: no-bots
      match: [{ uri: { prefix: /api/ }, withoutHeaders: { user-agent: { regex: ".*bot.*" } }, method: { exact: POST } }]
      route: [{ destination: { host: reviews, subset: v3 } }]
    - name: split
      route:
        - { destination: { host: reviews, subset: v1 }, weight: 75 }
        - { destination: { host: reviews, subset: v3, port: { number: 9080 } }, weight: 25 }
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: reviews
  namespace: bookinfo
  annotations: { export.mesh/virtual-nodes: '{"v1": "reviews-v1", "v2": "reviews-v2"}' }
spec: { host: reviews, subsets: [{ name: v1, labels: { version: v1 } }, { name: v2, labels: { version: v2 } }] }
---
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: { name: edge, namespace: bookinfo }
spec:
  selector: { istio: ingressgateway }
  servers: [{ port: { number: 8080, name: http, protocol: HTTP }, hosts: ["*"] }]
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: edge-routes, namespace: bookinfo }
spec:
  hosts: ["*.example.com"]
  gateways: [edge]
  http:
    - name: shop
      match: [{ uri: { prefix: /shop/ }, authority: { regex: "shop\\\\.example\\\\.com(:[0-9]+)?" } }]
      rewrite: { uri: /, authority: reviews.bookinfo.svc.cluster.local }
      route: [{ destination: { host: reviews.bookinfo.svc.cluster.local, subset: v1 } }]
    - name: closed
      match: [{ uri: { exact: /admin } }]
      directResponse: { status: 404 }
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: db, namespace: bookinfo }
spec:
  hosts: [db.bookinfo.svc.cluster.local]
  tcp:
    - match: [{ port: 5432 }]
      route: [{ destination: { host: db-primary } }]
`;

const evaluate = istioEvaluator(parseAllDocuments(CONFIG).map((doc) => doc.toJS()));
const REVIEWS = "http://reviews.bookinfo.svc.cluster.local:9080";

describe("the Istio evaluator", () => {
  it("the first route whose match holds takes the request; any match block of a route will do", () => {
    assert.deepEqual(evaluate({ url: `${REVIEWS}/`, headers: { "End-User": "jason" } }), {
      virtualService: "reviews",
      route: "jason",
      targets: [{ host: "reviews.bookinfo.svc.cluster.local", subset: "v2", virtualNode: "reviews-v2", weight: 100 }],
    });
    assert.equal((evaluate({ url: `${REVIEWS}/?debug=true` }) as any).route, "jason");
    assert.equal((evaluate({ url: `${REVIEWS}/?debug=yes` }) as any).route, "split");
  });

  it("all conditions of a block must hold: prefix, method, and a header that must not match (absent is fine)", () => {
    assert.equal((evaluate({ url: `${REVIEWS}/api/x`, method: "POST" }) as any).route, "no-bots");
    assert.equal(
      (evaluate({ url: `${REVIEWS}/api/x`, method: "POST", headers: { "user-agent": "googlebot/2" } }) as any).route,
      "split",
    );
    assert.equal((evaluate({ url: `${REVIEWS}/api/x`, method: "GET" }) as any).route, "split");
    assert.equal((evaluate({ url: `${REVIEWS}/apix`, method: "POST" }) as any).route, "split");
  });

  it("weights as given, ports, and the virtual node of each subset when the DestinationRule says", () => {
    assert.deepEqual((evaluate({ url: `${REVIEWS}/` }) as any).targets, [
      { host: "reviews.bookinfo.svc.cluster.local", subset: "v1", virtualNode: "reviews-v1", weight: 75 },
      { host: "reviews.bookinfo.svc.cluster.local", port: 9080, subset: "v3", weight: 25 },
    ]);
  });

  it("through a gateway: only its VirtualServices, on a port it serves, by authority; rewrites reported", () => {
    const decision = evaluate({ url: "http://shop.example.com:8080/shop/cart", gateway: "edge" }) as any;
    assert.equal(decision.route, "shop");
    assert.deepEqual(decision.rewrite, { path: "/cart", authority: "reviews.bookinfo.svc.cluster.local" });
    assert.match(
      (evaluate({ url: "http://other.example.com:8080/shop/cart", gateway: "edge" }) as any).noMatch,
      /no route/,
    );
    assert.match(
      (evaluate({ url: "http://shop.example.com:9999/shop/", gateway: "edge" }) as any).noMatch,
      /no server on port 9999/,
    );
    assert.match(
      (evaluate({ url: "http://shop.example.org:8080/", gateway: "edge" }) as any).noMatch,
      /no VirtualService/,
    );
    assert.match(
      (evaluate({ url: "http://shop.example.com:8080/admin", gateway: "edge" }) as any).noMatch,
      /answers 404/,
    );
  });

  it("a mesh request never takes a gateway's VirtualService, and an unknown host has none", () => {
    assert.match(
      (evaluate({ url: "http://shop.example.com/shop/" }) as any).noMatch,
      /no VirtualService for shop\.example\.com/,
    );
  });

  it("TCP connections go by the TCP routes' ports", () => {
    assert.deepEqual(evaluate({ url: "tcp://db.bookinfo.svc.cluster.local:5432" }), {
      virtualService: "db",
      targets: [{ host: "db-primary.bookinfo.svc.cluster.local", weight: 100 }],
    });
    assert.match((evaluate({ url: "tcp://db.bookinfo.svc.cluster.local:6543" }) as any).noMatch, /port 6543/);
  });
});
