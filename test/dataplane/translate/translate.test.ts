/**
 * Translation, App Mesh → Envoy: golden files for a mesh with routers (several routes, matches,
 * priorities, retries, timeouts), a service provided directly by a node, nodes with several ports,
 * DNS and Cloud Map discovery; then each mapping rule on its own.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { RouteConfiguration } from "../../../src/dataplane/envoy/route.js";
import { appMeshPlacement, type Placement } from "../../../src/dataplane/translate/placement.js";
import { translate } from "../../../src/dataplane/translate/translate.js";
import type { MeshSnapshot } from "../../../src/snapshot/snapshot.js";
import { assertGolden } from "../../helpers/golden.js";
import { backend, byNode, byRouter, colors, httpRoute, listener, meshOf } from "../meshes.js";

/** Every target reached by its service discovery: DNS names as LOGICAL_DNS, Cloud Map nodes by their instances. */
const appMesh = appMeshPlacement((node) =>
  node === "inventory"
    ? {
        type: "static",
        addresses: [
          { address: "10.0.0.7", port_value: 9090 },
          { address: "10.0.0.8", port_value: 9090 },
        ],
      }
    : { type: "dns", hostname: `${node}.shop.local`, responseType: node === "cart" ? "ENDPOINTS" : "LOADBALANCER" },
);

function shop(): MeshSnapshot {
  return meshOf("shop", {
    spec: { egressFilter: { type: "DROP_ALL" } },
    nodes: {
      front: {
        backends: [backend("cart.shop.local"), backend("inventory.shop.local"), backend("ghost.shop.local")],
        logging: { accessLog: { file: { path: "/dev/stdout" } } },
      },
      cart: {
        listeners: [
          { ...listener(8080), timeout: { http: { perRequest: { unit: "s", value: 30 } } } },
          { ...listener(8443, "http2"), connectionPool: { http2: { maxRequests: 64 } } },
        ],
        serviceDiscovery: { dns: { hostname: "cart.shop.local", responseType: "ENDPOINTS" } },
      },
      "cart-v2": { listeners: [listener(8080)], serviceDiscovery: { dns: { hostname: "cart-v2.shop.local" } } },
      inventory: {
        listeners: [
          {
            ...listener(9090),
            outlierDetection: {
              maxServerErrors: 5,
              interval: { unit: "s", value: 10 },
              baseEjectionDuration: { unit: "s", value: 30 },
              maxEjectionPercent: 50,
            },
            healthCheck: {
              protocol: "http",
              path: "/ping",
              port: 9090,
              intervalMillis: 5000,
              timeoutMillis: 2000,
              healthyThreshold: 2,
              unhealthyThreshold: 3,
            },
          },
        ],
        serviceDiscovery: { awsCloudMap: { namespaceName: "shop.local", serviceName: "inventory" } },
      },
    },
    routers: { "cart-router": { listeners: [listener(8080), listener(8443, "http2")] } },
    routes: {
      "cart-router": {
        everything: {
          httpRoute: {
            match: { port: 8080, prefix: "/" },
            action: {
              weightedTargets: [
                { virtualNode: "cart", weight: 80, port: 8080 },
                { virtualNode: "cart-v2", weight: 20 },
              ],
            },
          },
        },
        api: {
          priority: 3,
          httpRoute: {
            match: {
              port: 8080,
              prefix: "/api",
              method: "POST",
              headers: [
                { name: "X-Version", match: { range: { start: 2, end: 4 } } },
                { name: "x-canary", invert: true },
              ],
              queryParameters: [{ name: "debug", match: { exact: "1" } }],
            },
            action: { weightedTargets: [{ virtualNode: "cart-v2", weight: 100, port: 8080 }] },
            retryPolicy: {
              maxRetries: 3,
              perRetryTimeout: { unit: "ms", value: 250 },
              httpRetryEvents: ["gateway-error", "stream-error"],
              tcpRetryEvents: ["connection-error"],
            },
            timeout: { perRequest: { unit: "s", value: 0 }, idle: { unit: "s", value: 60 } },
          },
        },
        "streams-exact": {
          priority: 1,
          http2Route: {
            match: { port: 8443, path: { exact: "/stream" } },
            action: { weightedTargets: [{ virtualNode: "cart", weight: 1, port: 8443 }] },
          },
        },
        "streams-regex": {
          http2Route: {
            match: { port: 8443, path: { regex: "/s/[a-z]+" } },
            action: { weightedTargets: [{ virtualNode: "cart", weight: 1, port: 8443 }] },
          },
        },
        "wrong-port": httpRoute({ "cart-v2": 100 }, { port: 8080, prefix: "/legacy" }, {}),
      },
    },
    services: { "cart.shop.local": byRouter("cart-router"), "inventory.shop.local": byNode("inventory") },
  });
}

/** `wrong-port` targets a port cart-v2 does not listen on: App Mesh dropped such routes. */
function withWrongPort(snapshot: MeshSnapshot): MeshSnapshot {
  const route = snapshot.routes.find((r) => r.name === "wrong-port");
  const target = route?.spec.httpRoute?.action?.weightedTargets?.[0];
  if (target) target.port = 9999;
  return snapshot;
}

const routeConfig = (config: { routeConfigurations: readonly RouteConfiguration[] }, name: string) =>
  config.routeConfigurations.find((route) => route.name === name) as RouteConfiguration;

describe("translate", () => {
  it("a caller's egress, as App Mesh sent it to Envoy (golden)", () => {
    const config = translate({
      snapshot: withWrongPort(shop()),
      proxy: { kind: "virtualNode", name: "front" },
      placement: appMesh,
    });
    assertGolden("dataplane/translate/front.json", config);
  });

  it("a node's ingress on several ports, with its pool and timeouts (golden)", () => {
    const config = translate({ snapshot: shop(), proxy: { kind: "virtualNode", name: "cart" }, placement: appMesh });
    assertGolden("dataplane/translate/cart.json", config);
  });

  it("mesh up's placement: one ingress listener per endpoint in front of it, targets through their sidecars (golden)", () => {
    const at = (port: number) => ({ address: "127.0.0.1", port_value: port });
    const placement: Placement = {
      egress: at(41000),
      ingress: (port) => [
        { port, address: at(port + 30000), application: { address: "127.0.0.2", port_value: port } },
        { port, address: at(port + 31000), application: { address: "127.0.0.3", port_value: port } },
      ],
      gatewayListener: (port) => at(port),
      endpoints: (node, port) => ({ type: "static", addresses: [at(port + (node === "colors-v1" ? 100 : 200))] }),
      passthrough: "http",
    };
    const snapshot = colors(undefined, { egressFilter: { type: "ALLOW_ALL" } });
    assertGolden(
      "dataplane/translate/colors-v1-local.json",
      translate({ snapshot, proxy: { kind: "virtualNode", name: "colors-v1" }, placement }),
    );
    assertGolden(
      "dataplane/translate/caller-local.json",
      translate({ snapshot, proxy: { kind: "virtualNode", name: "caller" }, placement }),
    );
  });

  it("names every object as App Mesh did", () => {
    const config = translate({
      snapshot: withWrongPort(shop()),
      proxy: { kind: "virtualNode", name: "front" },
      placement: appMesh,
    });
    assert.deepEqual(config.node, { id: "mesh/shop/virtualNode/front", cluster: "mesh/shop/virtualNode/front" });
    assert.deepEqual(
      config.listeners.map((l) => l.name),
      ["lds_egress_0.0.0.0_15001"],
    );
    assert.deepEqual(
      config.routeConfigurations.map((r) => r.name),
      ["rds_egress_http_8080", "rds_egress_http_8443", "rds_egress_http_9090"],
    );
    assert.deepEqual(config.clusters.map((c) => c.name).sort(), [
      "cds_egress_shop_cart-v2_http_8080",
      "cds_egress_shop_cart_http2_8443",
      "cds_egress_shop_cart_http_8080",
      "cds_egress_shop_inventory_http_9090",
    ]);
  });

  it("orders routes by priority, then the longest match, then name; drops routes App Mesh dropped, and says why", () => {
    const config = translate({
      snapshot: withWrongPort(shop()),
      proxy: { kind: "virtualNode", name: "front" },
      placement: appMesh,
    });
    const host = routeConfig(config, "rds_egress_http_8080").virtual_hosts.find((h) => h.name === "cart.shop.local");
    assert.deepEqual(
      host?.routes.map((r) => r.name),
      ["api", "everything"],
    );
    assert.deepEqual(host?.domains, ["cart.shop.local", "cart.shop.local:8080"]);
    assert.equal(
      (host?.metadata?.filter_metadata.mesh as { reason?: string } | undefined)?.reason,
      "left out: route wrong-port (virtual node cart-v2 has no listener on port 9999)",
    );
    const streams = routeConfig(config, "rds_egress_http_8443").virtual_hosts[0];
    assert.deepEqual(
      streams?.routes.map((r) => r.name),
      ["streams-exact", "streams-regex"],
    );
  });

  it("maps retry events to status codes and reset as App Mesh did, and adds the hidden policy to routes without one", () => {
    const config = translate({ snapshot: shop(), proxy: { kind: "virtualNode", name: "front" }, placement: appMesh });
    const routes = routeConfig(config, "rds_egress_http_8080").virtual_hosts[0]?.routes ?? [];
    const api = routes.find((r) => r.name === "api");
    const everything = routes.find((r) => r.name === "everything");
    assert.deepEqual(api?.route?.retry_policy, {
      retry_on: "reset,refused-stream,connect-failure,retriable-status-codes",
      num_retries: 3,
      per_try_timeout: "0.250s",
      retriable_status_codes: [502, 503, 504],
      retry_host_predicate: [
        {
          name: "envoy.retry_host_predicates.previous_hosts",
          typed_config: {
            "@type": "type.googleapis.com/envoy.extensions.retry.host.previous_hosts.v3.PreviousHostsPredicate",
          },
        },
      ],
      host_selection_retry_max_attempts: "5",
    });
    assert.equal(api?.route?.timeout, "0s", "a perRequest of 0 disables the timeout");
    assert.equal(api?.route?.idle_timeout, "60s");
    assert.deepEqual(
      [
        everything?.route?.retry_policy?.retry_on,
        everything?.route?.retry_policy?.num_retries,
        everything?.route?.retry_policy?.retriable_status_codes,
      ],
      ["unavailable,connect-failure,refused-stream,retriable-status-codes", 2, [503]],
    );
    assert.equal(everything?.route?.timeout, "15s");
    assert.equal(everything?.route?.idle_timeout, "300s");
  });

  it("keeps weight-0 targets, and copies weights as given", () => {
    const config = translate({
      snapshot: colors({ "colors-v1": 100, "colors-v2": 0 }),
      proxy: { kind: "virtualNode", name: "caller" },
      placement: appMesh,
    });
    const canary = routeConfig(config, "rds_egress_http_8080").virtual_hosts[0]?.routes.find(
      (r) => r.name === "canary",
    );
    assert.deepEqual(canary?.route?.weighted_clusters, {
      clusters: [
        { name: "cds_egress_colors_colors-v1_http_8080", weight: 100 },
        { name: "cds_egress_colors_colors-v2_http_8080", weight: 0 },
      ],
      total_weight: 100,
    });
  });

  it("gives ALLOW_ALL a passthrough, and DROP_ALL none", () => {
    const allow = translate({
      snapshot: colors(undefined, { egressFilter: { type: "ALLOW_ALL" } }),
      proxy: { kind: "virtualNode", name: "caller" },
      placement: appMesh,
    });
    assert.deepEqual(routeConfig(allow, "rds_egress_http_8080").virtual_hosts.at(-1)?.domains, ["*"]);
    assert.ok(allow.clusters.some((c) => c.name === "cds_egress_colors_mesh-allow-all" && c.type === "ORIGINAL_DST"));
    assert.equal(allow.listeners[0]?.default_filter_chain?.filters[0]?.name, "envoy.filters.network.tcp_proxy");
    const drop = translate({ snapshot: colors(), proxy: { kind: "virtualNode", name: "caller" }, placement: appMesh });
    assert.equal(drop.listeners[0]?.default_filter_chain, undefined);
    assert.ok(!routeConfig(drop, "rds_egress_http_8080").virtual_hosts.some((h) => h.domains.includes("*")));
  });

  it("is pure: the same snapshot gives the same, frozen config and version", () => {
    const one = translate({ snapshot: shop(), proxy: { kind: "virtualNode", name: "front" }, placement: appMesh });
    const two = translate({ snapshot: shop(), proxy: { kind: "virtualNode", name: "front" }, placement: appMesh });
    assert.deepEqual(one, two);
    assert.match(one.version, /^[0-9a-f]{16}$/);
    assert.ok(Object.isFrozen(one.routeConfigurations[0]?.virtual_hosts));
    const changed = translate({
      snapshot: colors(),
      proxy: { kind: "virtualNode", name: "caller" },
      placement: appMesh,
    });
    assert.notEqual(changed.version, one.version);
  });
});
