/**
 * App Mesh's IP version preference in translation: the node's own service discovery overrides the
 * mesh's; it sets how callers resolve the node's DNS name, which address of a Cloud Map instance they
 * use, and how the node's proxy binds and reaches its application.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Cluster } from "../../../src/dataplane/envoy/cluster.js";
import { instanceAddress, ipPreferenceOf } from "../../../src/dataplane/translate/ip-preference.js";
import { appMeshPlacement } from "../../../src/dataplane/translate/placement.js";
import { translate } from "../../../src/dataplane/translate/translate.js";
import type { MeshSnapshot } from "../../../src/snapshot/snapshot.js";
import { backend, listener, meshOf } from "../meshes.js";

const placement = appMeshPlacement((node) => ({ type: "dns", hostname: `${node}.local`, responseType: "ENDPOINTS" }));

function mesh(meshPreference?: string, nodePreference?: string): MeshSnapshot {
  return meshOf("ips", {
    spec: meshPreference ? { serviceDiscovery: { ipPreference: meshPreference } } : {},
    nodes: {
      caller: { backends: [backend("app.local")], listeners: [listener(8080)] },
      app: {
        listeners: [listener(8080)],
        serviceDiscovery: {
          dns: { hostname: "app.local", ...(nodePreference ? { ipPreference: nodePreference } : {}) },
        },
      },
    },
    services: { "app.local": { provider: { virtualNode: { virtualNodeName: "app" } } } },
  } as Parameters<typeof meshOf>[1]);
}

function proxyOf(snapshot: MeshSnapshot, name: string) {
  return translate({ snapshot, proxy: { kind: "virtualNode", name }, placement });
}

const cluster = (clusters: readonly Cluster[], prefix: string) => clusters.find((c) => c.name.startsWith(prefix));

describe("IP preference", () => {
  it("without one: listeners bind IPv4, the application is on 127.0.0.1, DNS uses Envoy's default (AUTO)", () => {
    const config = proxyOf(mesh(), "caller");
    assert.deepEqual(
      config.listeners.map((l) => l.address.socket_address),
      [
        { address: "0.0.0.0", port_value: 15000 },
        { address: "0.0.0.0", port_value: 15001 },
      ],
    );
    const app = cluster(config.clusters, "cds_ingress_");
    assert.equal(
      app?.load_assignment?.endpoints[0]?.lb_endpoints[0]?.endpoint.address.socket_address.address,
      "127.0.0.1",
    );
    assert.equal(cluster(config.clusters, "cds_egress_ips_app_")?.dns_lookup_family, undefined);
  });

  it("the mesh's IPv6 preference: listeners on :: taking IPv4 too, the application on ::1", () => {
    const config = proxyOf(mesh("IPv6_PREFERRED"), "caller");
    for (const l of config.listeners)
      assert.deepEqual(l.address.socket_address, {
        address: "::",
        port_value: l.address.socket_address.port_value,
        ipv4_compat: true,
      });
    assert.deepEqual(
      config.listeners.map((l) => l.name),
      ["lds_ingress_::_15000", "lds_egress_::_15001"],
    );
    const app = cluster(config.clusters, "cds_ingress_");
    assert.equal(app?.load_assignment?.endpoints[0]?.lb_endpoints[0]?.endpoint.address.socket_address.address, "::1");
    assert.equal(cluster(config.clusters, "cds_egress_ips_app_")?.dns_lookup_family, "AUTO");
  });

  it("the target node's own preference decides how callers resolve it, over the mesh's", () => {
    const families = (meshPreference: string | undefined, nodePreference: string | undefined) =>
      cluster(proxyOf(mesh(meshPreference, nodePreference), "caller").clusters, "cds_egress_ips_app_")
        ?.dns_lookup_family;
    assert.equal(families(undefined, "IPv4_ONLY"), "V4_ONLY");
    assert.equal(families("IPv6_ONLY", "IPv4_PREFERRED"), "V4_PREFERRED");
    assert.equal(families("IPv6_ONLY", undefined), "V6_ONLY");
    // The caller's own preference is not the target's: the caller binds IPv6, the target is resolved IPv4 only.
    const snapshot = mesh("IPv6_PREFERRED", "IPv4_ONLY");
    assert.equal(ipPreferenceOf(snapshot.meshSpec, snapshot.virtualNodes[1]?.spec), "IPv4_ONLY");
    assert.equal(cluster(proxyOf(snapshot, "caller").clusters, "cds_egress_ips_app_")?.dns_lookup_family, "V4_ONLY");
  });

  it("chooses a Cloud Map instance's address by the preference, and skips instances without an allowed one", () => {
    const both = { ipv4: "10.0.0.1", ipv6: "fd00::1" };
    assert.equal(instanceAddress(both, undefined), "10.0.0.1");
    assert.equal(instanceAddress(both, "IPv4_PREFERRED"), "10.0.0.1");
    assert.equal(instanceAddress(both, "IPv6_PREFERRED"), "fd00::1");
    assert.equal(instanceAddress(both, "IPv6_ONLY"), "fd00::1");
    assert.equal(instanceAddress({ ipv6: "fd00::1" }, undefined), "fd00::1");
    assert.equal(instanceAddress({ ipv4: "10.0.0.1" }, "IPv6_PREFERRED"), "10.0.0.1");
    assert.equal(instanceAddress({ ipv4: "10.0.0.1" }, "IPv6_ONLY"), undefined);
    assert.equal(instanceAddress({ ipv6: "fd00::1" }, "IPv4_ONLY"), undefined);
  });
});
