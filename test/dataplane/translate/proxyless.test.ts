/**
 * Translation for proxyless gRPC clients (`proxyless: true`): the sidecar's configuration plus an API
 * listener per backend virtual service, in the forms gRPC's xDS client accepts; the sidecar's own
 * translation is untouched.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { appMeshPlacement } from "../../../src/dataplane/translate/placement.js";
import { translate } from "../../../src/dataplane/translate/translate.js";
import { backend, byRouter, httpRoute, listener, meshOf } from "../meshes.js";

const snapshot = meshOf("colors", {
  nodes: {
    caller: { backends: [backend("colors.local")] },
    "colors-v1": { listeners: [listener(8080)] },
    "colors-v2": { listeners: [listener(8080)] },
  },
  routers: { "colors-router": { listeners: [listener(8080)] } },
  routes: { "colors-router": { split: httpRoute({ "colors-v1": 80, "colors-v2": 20 }) } },
  services: { "colors.local": byRouter("colors-router") },
});
const placement = appMeshPlacement((node) =>
  node === "colors-v1"
    ? { type: "dns", hostname: "127.0.0.1", responseType: "ENDPOINTS" }
    : { type: "static", addresses: [{ address: "10.0.0.2", port_value: 8080 }] },
);
const proxy = { kind: "virtualNode", name: "caller" } as const;

describe("translation for proxyless gRPC clients", () => {
  const grpc = translate({ snapshot, proxy, placement, proxyless: true });
  const sidecar = translate({ snapshot, proxy, placement });

  it("adds an API listener per backend service, with and without its port, over the egress routes", () => {
    assert.deepEqual(
      grpc.apiListeners?.map((l) => [l.name, l.api_listener.api_listener.rds?.route_config_name]),
      [
        ["colors.local", "rds_egress_http_8080"],
        ["colors.local:8080", "rds_egress_http_8080"],
      ],
    );
    const filters = grpc.apiListeners?.[0]?.api_listener.api_listener.http_filters ?? [];
    assert.equal(filters.at(-1)?.name, "envoy.filters.http.router");
  });

  it("makes DNS clusters LOGICAL_DNS on the bare name, and weighs every locality", () => {
    const dns = grpc.clusters.find((c) => c.name === "cds_egress_colors_colors-v1_http_8080");
    assert.equal(dns?.type, "LOGICAL_DNS");
    assert.equal(
      dns?.load_assignment?.endpoints[0]?.lb_endpoints[0]?.endpoint.address.socket_address.address,
      "127.0.0.1",
    );
    assert.deepEqual(
      grpc.loadAssignments.map((a) => a.endpoints.map((e) => e.load_balancing_weight)),
      [[1]],
    );
  });

  it("leaves the sidecar's translation as it was", () => {
    assert.equal(sidecar.apiListeners, undefined);
    const dns = sidecar.clusters.find((c) => c.name === "cds_egress_colors_colors-v1_http_8080");
    assert.equal(dns?.type, "STRICT_DNS");
    assert.equal(
      dns?.load_assignment?.endpoints[0]?.lb_endpoints[0]?.endpoint.address.socket_address.address,
      "127.0.0.1.",
    );
    assert.deepEqual(grpc.routeConfigurations, sidecar.routeConfigurations);
    assert.notEqual(grpc.version, sidecar.version);
  });
});
