/**
 * `mesh export --to envoy`: the shop mesh as static Envoy bootstraps, one per virtual node and virtual
 * gateway, made by the same translation mesh up and the xDS server use: routes inlined where xDS named
 * them, every listener and cluster a valid Envoy v3 message (checked with Envoy's own protos and
 * validation rules), Cloud Map nodes reached by DNS with the gap said, and every field accounted for.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { before, describe, it } from "node:test";
import type { Cluster } from "../../../src/dataplane/envoy/cluster.js";
import { HTTP_CONNECTION_MANAGER, type Listener } from "../../../src/dataplane/envoy/listener.js";
import { TYPE_URLS } from "../../../src/dataplane/envoy/names.js";
import { appMeshPlacement } from "../../../src/dataplane/translate/placement.js";
import type { StaticBootstrap } from "../../../src/dataplane/translate/static-bootstrap.js";
import { translate } from "../../../src/dataplane/translate/translate.js";
import { typeOfUrl } from "../../../src/dataplane/xds/proto/envoy-protos.js";
import { fromProtoJson } from "../../../src/dataplane/xds/proto/from-json.js";
import { exportEnvoy } from "../../../src/migrate/export/envoy/export.js";
import type { ExportResult } from "../../../src/migrate/export/export-target.js";
import { asDocumentSet, loadSources } from "../../../src/migrate/import/load.js";
import type { MeshSnapshot } from "../../../src/snapshot/snapshot.js";
import { snapshotFromDocuments } from "../../../src/validate/document-snapshot.js";
import { repoRoot } from "../../helpers/paths.js";

const SHOP = join(repoRoot, "test", "fixtures", "migrate", "shop", "documents.yaml");

let shop: MeshSnapshot;
let result: ExportResult;
before(async () => {
  shop = snapshotFromDocuments(asDocumentSet(await loadSources([SHOP])), undefined);
  result = exportEnvoy(shop, { namespace: "shop" });
});

const bootstrap = (file: string) =>
  result.files.find((f) => f.name === file)?.documents[0] as StaticBootstrap | undefined;
const managers = (listener: Listener) =>
  [...listener.filter_chains, ...(listener.default_filter_chain ? [listener.default_filter_chain] : [])]
    .flatMap((chain) => chain.filters)
    .filter((filter) => filter.name === HTTP_CONNECTION_MANAGER)
    .map((filter) => filter.typed_config as { rds?: unknown; route_config?: { name: string } });

describe("mesh export --to envoy", () => {
  it("writes one bootstrap per virtual node and virtual gateway, with the App Mesh image's node, admin and ports", () => {
    assert.deepEqual(
      result.files.map((file) => file.name),
      [
        "virtual-node-catalog-v1.envoy.yaml",
        "virtual-node-catalog-v2_shop.envoy.yaml",
        "virtual-node-inventory.envoy.yaml",
        "virtual-node-ledger.envoy.yaml",
        "virtual-gateway-ingress_shop.envoy.yaml",
      ],
    );
    const catalog = bootstrap("virtual-node-catalog-v1.envoy.yaml");
    assert.deepEqual(catalog?.node, {
      id: "mesh/shop/virtualNode/catalog-v1",
      cluster: "mesh/shop/virtualNode/catalog-v1",
    });
    assert.deepEqual(catalog?.admin.address, { socket_address: { address: "0.0.0.0", port_value: 9901 } });
    assert.deepEqual(
      catalog?.static_resources.listeners.map((l) => l.name),
      ["lds_ingress_0.0.0.0_15000", "lds_egress_0.0.0.0_15001"],
    );
  });

  it("is the translation itself: each connection manager carries, inline, the route configuration xDS would have named", () => {
    const placement = appMeshPlacement((node) => ({
      type: "dns",
      hostname: `${node}.invalid`,
      responseType: "ENDPOINTS",
    }));
    for (const file of result.files) {
      const exported = file.documents[0] as StaticBootstrap;
      const [, , kind, name] = exported.node.id.split("/") as [string, string, "virtualNode", string];
      const config = translate({ snapshot: shop, proxy: { kind, name }, placement });
      assert.equal(exported.static_resources.listeners.length, config.listeners.length);
      config.listeners.forEach((listener, i) => {
        const translated = managers(listener);
        const inlined = managers(exported.static_resources.listeners[i] as Listener);
        assert.equal(inlined.length, translated.length);
        translated.forEach((manager, m) => {
          const named = manager.rds as { route_config_name: string } | undefined;
          const expected = named
            ? config.routeConfigurations.find((route) => route.name === named.route_config_name)
            : manager.route_config;
          assert.equal(inlined[m]?.rds, undefined, `${file.name}: ${listener.name} still names RDS`);
          assert.deepEqual(inlined[m]?.route_config, expected, `${file.name}: ${listener.name}`);
        });
      });
    }
  });

  it("writes listeners and clusters Envoy accepts (its protos and validation rules)", () => {
    const listenerType = typeOfUrl(TYPE_URLS.listener);
    const clusterType = typeOfUrl(TYPE_URLS.cluster);
    let checked = 0;
    for (const file of result.files) {
      const { listeners, clusters } = (file.documents[0] as StaticBootstrap).static_resources;
      for (const listener of listeners) fromProtoJson(listenerType, listener, `${file.name} ${listener.name}`);
      for (const cluster of clusters) {
        assert.notEqual(cluster.type, "EDS", `${file.name}: ${cluster.name} needs a control plane`);
        fromProtoJson(clusterType, cluster, `${file.name} ${cluster.name}`);
      }
      checked += listeners.length + clusters.length;
    }
    assert.ok(checked > 10);
  });

  it("reaches a Cloud Map node by its service's DNS name, and says what that loses", () => {
    const gateway = bootstrap("virtual-gateway-ingress_shop.envoy.yaml");
    const clusters = gateway?.static_resources.clusters as Cluster[];
    const v2 = clusters.find((c) => c.name.includes("catalog-v2_shop"));
    assert.equal(v2?.type, "STRICT_DNS");
    assert.equal(
      v2?.load_assignment?.endpoints[0]?.lb_endpoints[0]?.endpoint.address.socket_address.address,
      "catalog.shop.local.",
    );
    const gap = result.gaps.find(
      (g) => g.resource === "VirtualNode catalog-v2_shop" && g.path === "spec.serviceDiscovery.awsCloudMap",
    );
    assert.match(gap?.instead ?? "", /^a STRICT_DNS cluster resolving catalog\.shop\.local /);
  });

  it("carries file TLS as App Mesh gave it: the listener's DownstreamTlsContext, the client policy's UpstreamTlsContext on the egress cluster of port 9090", () => {
    const catalog = bootstrap("virtual-node-catalog-v1.envoy.yaml");
    const ingress = catalog?.static_resources.listeners[0] as Listener;
    const tls = ingress.filter_chains[0]?.transport_socket?.typed_config as {
      common_tls_context: { tls_certificates: { certificate_chain: { filename: string } }[] };
      require_client_certificate?: boolean;
    };
    assert.equal(tls.common_tls_context.tls_certificates[0]?.certificate_chain.filename, "/certs/catalog.pem");
    assert.equal(tls.require_client_certificate, true);
    const clusters = (catalog?.static_resources.clusters ?? []) as Cluster[];
    const withTls = clusters.filter((c) => c.transport_socket).map((c) => c.name);
    assert.deepEqual(withTls, ["cds_egress_shop_inventory_grpc_9090"]);
  });

  it("reports only what App Mesh's Envoy did and the bootstrap does not, each at its path", () => {
    const paths = new Set(result.gaps.map((g) => `${g.resource}: ${g.path}`));
    assert.ok(paths.has("VirtualGateway ingress_shop: spec.listeners[0].healthCheck"), [...paths].join("\n"));
    assert.ok(paths.has("VirtualGateway ingress_shop: spec.listeners[0].tls.certificate.sds"));
    assert.ok(paths.has("VirtualGateway ingress_shop: spec.listeners[0].tls.validation.trust.sds"));
    for (const gap of result.gaps) assert.doesNotMatch(gap.path, /\.file$/, `file TLS is carried: ${gap.path}`);
    for (const gap of result.gaps) assert.doesNotMatch(gap.path, /routes?|match|retryPolicy|weightedTargets/, gap.path);
  });
});
