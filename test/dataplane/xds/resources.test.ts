/**
 * Resources as the server encodes them: every Envoy-shaped object of a translated config becomes its
 * v3 message, and a config Envoy would reject is refused before it is sent, naming the resource and
 * the path: a missing required field, a typed extension without "@type" or with a type Envoy does not
 * have, an unknown field. The independent decoder (Envoy's .proto files) flags an unresolvable Any too.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { EnvoyConfig } from "../../../src/dataplane/envoy/config.js";
import { TYPE_URLS } from "../../../src/dataplane/envoy/names.js";
import { appMeshPlacement } from "../../../src/dataplane/translate/placement.js";
import { translate } from "../../../src/dataplane/translate/translate.js";
import { ProtoJsonError } from "../../../src/dataplane/xds/proto/proto-json-error.js";
import { encodeConfig } from "../../../src/dataplane/xds/resources.js";
import { backend, byRouter, httpRoute, listener, meshOf } from "../meshes.js";
import { decodeAny } from "./envoy-decoder.js";

function config(): EnvoyConfig {
  const snapshot = meshOf("colors", {
    nodes: {
      caller: { backends: [backend("colors.local")], logging: { accessLog: { file: { path: "/dev/stdout" } } } },
      "colors-v1": { listeners: [listener(8080)] },
    },
    routers: { "colors-router": { listeners: [listener(8080)] } },
    routes: { "colors-router": { all: httpRoute({ "colors-v1": 100 }) } },
    services: { "colors.local": byRouter("colors-router") },
  });
  const placement = appMeshPlacement(() => ({
    type: "static",
    addresses: [{ address: "10.0.0.1", port_value: 8080 }],
  }));
  return translate({ snapshot, proxy: { kind: "virtualNode", name: "caller" }, placement });
}

/** A deep copy to break. */
const broken = (): Record<string, any> => structuredClone(config()) as unknown as Record<string, any>;

function refusal(mutated: Record<string, any>): ProtoJsonError {
  try {
    encodeConfig(mutated as unknown as EnvoyConfig);
  } catch (error) {
    if (error instanceof ProtoJsonError) return error;
    throw error;
  }
  assert.fail("the broken config was encoded");
}

describe("xDS resources", () => {
  it("encodes every resource of a translated config, each decoding to what was translated", () => {
    const translated = config();
    const sets = encodeConfig(translated);
    const cluster = sets.get(TYPE_URLS.cluster)?.resources.get("cds_egress_colors_colors-v1_http_8080");
    assert.ok(cluster);
    const decoded = decodeAny(TYPE_URLS.cluster, cluster.bytes).value;
    assert.equal(decoded.type, "EDS");
    assert.deepEqual(decoded.connect_timeout, { seconds: "1", nanos: 0 });
    const listenerBytes = sets.get(TYPE_URLS.listener)?.resources.get("lds_egress_0.0.0.0_15001")?.bytes;
    const egress = decodeAny(TYPE_URLS.listener, listenerBytes as Uint8Array);
    assert.ok(egress.typeUrls.includes("type.googleapis.com/envoy.extensions.access_loggers.file.v3.FileAccessLog"));
    assert.equal(sets.get(TYPE_URLS.loadAssignment)?.resources.size, 1);
  });

  it("gives each type a version that changes exactly when its resources do", () => {
    const a = encodeConfig(config());
    const changed = broken();
    changed.routeConfigurations[0].virtual_hosts[0].routes[0].route.timeout = "20s";
    const b = encodeConfig(changed as unknown as EnvoyConfig);
    assert.notEqual(a.get(TYPE_URLS.routeConfiguration)?.version, b.get(TYPE_URLS.routeConfiguration)?.version);
    assert.equal(a.get(TYPE_URLS.cluster)?.version, b.get(TYPE_URLS.cluster)?.version);
    assert.equal(a.get(TYPE_URLS.listener)?.version, encodeConfig(config()).get(TYPE_URLS.listener)?.version);
  });

  it("refuses a missing required field: a route without an action, a cluster without a name", () => {
    const noAction = broken();
    delete noAction.routeConfigurations[0].virtual_hosts[0].routes[0].route;
    assert.match(
      refusal(noAction).message,
      /RouteConfiguration rds_egress_http_8080\.virtual_hosts\[0\]\.routes\[0\]: one of route, .* is required/,
    );
    const noName = broken();
    noName.clusters[0].name = "";
    assert.match(refusal(noName).message, /Cluster \.name: must not be empty/);
  });

  it("refuses an untyped extension, and one of a type Envoy does not have", () => {
    const untyped = broken();
    delete untyped.listeners[0].filter_chains[0].filters[0].typed_config["@type"];
    assert.match(
      refusal(untyped).message,
      /filter_chains\[0\]\.filters\[0\]\.typed_config: a typed extension without "@type"/,
    );
    const unknown = broken();
    unknown.listeners[0].filter_chains[0].filters[0].typed_config["@type"] = "type.googleapis.com/envoy.Nonsense";
    assert.match(refusal(unknown).message, /"@type" type\.googleapis\.com\/envoy\.Nonsense is not a type/);
  });

  it("refuses unknown fields and values of the wrong kind", () => {
    const extra = broken();
    extra.clusters[0].lb_polcy = "ROUND_ROBIN";
    assert.match(refusal(extra).message, /unknown field "lb_polcy"/);
    const badDuration = broken();
    badDuration.clusters[0].connect_timeout = "1 second";
    assert.match(refusal(badDuration).message, /connect_timeout: expected a duration/);
  });

  it("decodes independently, and flags an Any whose type cannot be resolved", () => {
    assert.throws(() => decodeAny("type.googleapis.com/envoy.Nonsense", new Uint8Array()), /no such type/);
  });
});
