/**
 * TLS in translation, App Mesh → Envoy: listener TLS as DownstreamTlsContexts on the ingress filter
 * chains (PERMISSIVE as a TLS chain and a plaintext chain behind the tls_inspector), client policies
 * as UpstreamTlsContexts on the egress clusters (golden files), then each rule on its own: SAN types,
 * the target's discovery name when no SANs are named, `enforce`, `ports`, a backend's policy over the
 * defaults, ACM and SDS sources as SDS secrets, and which sources a files-only placement refuses;
 * last, the ACM secrets of a spec with their spec paths, for the xDS server to send.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { VirtualGatewaySpec, VirtualNodeSpec } from "@aws-sdk/client-app-mesh";
import type { Cluster } from "../../../src/dataplane/envoy/cluster.js";
import type { EnvoyConfig } from "../../../src/dataplane/envoy/config.js";
import type { UpstreamTlsContext } from "../../../src/dataplane/envoy/tls.js";
import { appMeshPlacement, type Placement } from "../../../src/dataplane/translate/placement.js";
import { adsSecretsOf } from "../../../src/dataplane/translate/tls.js";
import { translate, UnavailableLocallyError } from "../../../src/dataplane/translate/translate.js";
import type { MeshSnapshot } from "../../../src/snapshot/snapshot.js";
import { assertGolden } from "../../helpers/golden.js";
import { backend, byNode, listener, meshOf } from "../meshes.js";

const appMesh = appMeshPlacement((node) => ({
  type: "dns",
  hostname: `${node}.shop.local`,
  responseType: "LOADBALANCER",
}));
const files = (name: string) => ({
  file: { certificateChain: `/certs/${name}.pem`, privateKey: `/certs/${name}.key` },
});
const trust = { trust: { file: { certificateChain: "/certs/ca.pem" } } };

function shop(nodes: Record<string, VirtualNodeSpec>, gateway?: VirtualGatewaySpec): MeshSnapshot {
  const mesh = meshOf("shop", {
    nodes: {
      cart: {
        listeners: [
          { ...listener(8080), tls: { mode: "PERMISSIVE", certificate: files("cart") } },
          {
            ...listener(8443, "http2"),
            tls: {
              mode: "STRICT",
              certificate: files("cart"),
              validation: {
                ...trust,
                subjectAlternativeNames: { match: { exact: ["spiffe://shop/front", "front.shop.local"] } },
              },
            },
          },
          { ...listener(9000), tls: { mode: "DISABLED", certificate: files("cart") } },
        ],
        serviceDiscovery: { dns: { hostname: "cart.shop.local" } },
      },
      inventory: {
        listeners: [listener(9090)],
        serviceDiscovery: { awsCloudMap: { namespaceName: "shop.local", serviceName: "inventory" } },
      },
      payments: { listeners: [listener(7070)], serviceDiscovery: { dns: { hostname: "10.0.0.9" } } },
      ...nodes,
    },
    services: {
      "cart.shop.local": byNode("cart"),
      "inventory.shop.local": byNode("inventory"),
      "payments.shop.local": byNode("payments"),
    },
  });
  if (gateway) {
    mesh.virtualGateways = [{ name: "edge", spec: gateway }];
    mesh.gatewayRoutes = [
      {
        name: "to-cart",
        parent: "edge",
        spec: {
          httpRoute: {
            match: { prefix: "/" },
            action: { target: { virtualService: { virtualServiceName: "cart.shop.local" }, port: 8080 } },
          },
        },
      },
    ];
  }
  return mesh;
}

const front: VirtualNodeSpec = {
  backends: [
    backend("cart.shop.local"),
    backend("inventory.shop.local"),
    {
      virtualService: {
        virtualServiceName: "payments.shop.local",
        clientPolicy: { tls: { certificate: files("front"), validation: trust } },
      },
    },
  ],
  backendDefaults: {
    clientPolicy: {
      tls: { ports: [8443, 9090], validation: { ...trust, subjectAlternativeNames: { match: { exact: [] } } } },
    },
  },
};

const node = (snapshot: MeshSnapshot, name: string, placement: Placement = appMesh) =>
  translate({ snapshot, proxy: { kind: "virtualNode", name }, placement });

const upstream = (config: EnvoyConfig, name: string) =>
  (config.clusters.find((c) => c.name === name) as Cluster).transport_socket?.typed_config as
    | UpstreamTlsContext
    | undefined;

describe("translate: TLS", () => {
  it("a node's listener TLS, per port and mode, on App Mesh's ingress listener (golden)", () => {
    assertGolden("dataplane/translate/tls-cart.json", node(shop({ front }), "cart"));
  });

  it("a caller's client policies on its egress clusters (golden)", () => {
    assertGolden("dataplane/translate/tls-front.json", node(shop({ front }), "front"));
  });

  it("a gateway's PERMISSIVE listener and its client policy (golden)", () => {
    const gateway: VirtualGatewaySpec = {
      listeners: [
        { portMapping: { port: 443, protocol: "http" }, tls: { mode: "PERMISSIVE", certificate: files("edge") } },
      ],
      backendDefaults: { clientPolicy: { tls: { validation: trust } } },
    };
    const config = translate({
      snapshot: shop({}, gateway),
      proxy: { kind: "virtualGateway", name: "edge" },
      placement: appMesh,
    });
    assertGolden("dataplane/translate/tls-edge.json", config);
  });

  it("types SANs as Envoy does: URIs, IP addresses, DNS names", () => {
    const config = node(shop({ front }), "cart");
    const strict = config.listeners[0]?.filter_chains.find(
      (chain) => chain.filter_chain_match?.destination_port === 8443,
    );
    const context = strict?.transport_socket?.typed_config;
    assert.deepEqual(context?.common_tls_context.validation_context?.match_typed_subject_alt_names, [
      { san_type: "URI", matcher: { exact: "spiffe://shop/front" } },
      { san_type: "DNS", matcher: { exact: "front.shop.local" } },
    ]);
    const payments = upstream(node(shop({ front }), "front"), "cds_egress_shop_payments_http_7070");
    assert.deepEqual(payments?.common_tls_context.validation_context?.match_typed_subject_alt_names, [
      { san_type: "IP_ADDRESS", matcher: { exact: "10.0.0.9" } },
    ]);
  });

  it("checks the target's DNS name, or Cloud Map's service.namespace, when a policy names no SANs", () => {
    const config = node(
      shop({ front: { ...front, backendDefaults: { clientPolicy: { tls: { validation: trust } } } } }),
      "front",
    );
    const sans = (cluster: string) =>
      upstream(config, cluster)?.common_tls_context.validation_context?.match_typed_subject_alt_names;
    assert.deepEqual(sans("cds_egress_shop_cart_http_8080"), [
      { san_type: "DNS", matcher: { exact: "cart.shop.local" } },
    ]);
    assert.deepEqual(sans("cds_egress_shop_inventory_http_9090"), [
      { san_type: "DNS", matcher: { exact: "inventory.shop.local" } },
    ]);
  });

  it("applies a policy to the ports it lists only, and a backend's own policy instead of the defaults", () => {
    const config = node(shop({ front }), "front");
    assert.equal(upstream(config, "cds_egress_shop_cart_http_8080"), undefined, "8080 is not in the defaults' ports");
    assert.ok(upstream(config, "cds_egress_shop_cart_http2_8443"));
    assert.ok(upstream(config, "cds_egress_shop_inventory_http_9090"));
    const payments = upstream(config, "cds_egress_shop_payments_http_7070");
    assert.deepEqual(payments?.common_tls_context.tls_certificates, [
      { certificate_chain: { filename: "/certs/front.pem" }, private_key: { filename: "/certs/front.key" } },
    ]);
  });

  it("originates no TLS under a policy that is not enforced", () => {
    const unenforced = { ...front, backendDefaults: { clientPolicy: { tls: { enforce: false, validation: trust } } } };
    const config = node(shop({ front: unenforced }), "front");
    assert.deepEqual(
      config.clusters.filter((c) => c.transport_socket).map((c) => c.name),
      ["cds_egress_shop_payments_http_7070"],
    );
  });

  it("takes ACM certificates over ADS and SDS ones from the agent's socket, in App Mesh's placement", () => {
    const sdsNode: VirtualNodeSpec = {
      listeners: [
        {
          ...listener(8080),
          tls: {
            mode: "STRICT",
            certificate: { acm: { certificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/cart" } },
            validation: { trust: { sds: { secretName: "spiffe://shop" } } },
          },
        },
      ],
      serviceDiscovery: { dns: { hostname: "cart.shop.local" } },
      backends: [backend("payments.shop.local")],
      backendDefaults: {
        clientPolicy: {
          tls: {
            certificate: { sds: { secretName: "spiffe://shop/cart" } },
            validation: {
              trust: { acm: { certificateAuthorityArns: ["arn:aws:acm-pca:ca/1", "arn:aws:acm-pca:ca/2"] } },
            },
          },
        },
      },
    };
    const config = node(shop({ cart: sdsNode }), "cart");
    const downstream = config.listeners[0]?.filter_chains[0]?.transport_socket?.typed_config.common_tls_context;
    const agent = {
      api_config_source: {
        api_type: "GRPC",
        transport_api_version: "V3",
        grpc_services: [{ envoy_grpc: { cluster_name: "static_cluster_sds_unix_socket" } }],
      },
      resource_api_version: "V3",
    };
    const ads = { ads: {}, resource_api_version: "V3" };
    assert.deepEqual(downstream?.tls_certificate_sds_secret_configs, [
      { name: "arn:aws:acm:us-east-1:123456789012:certificate/cart", sds_config: ads },
    ]);
    assert.deepEqual(downstream?.combined_validation_context, {
      default_validation_context: {},
      validation_context_sds_secret_config: { name: "spiffe://shop", sds_config: agent },
    });
    const client = upstream(config, "cds_egress_shop_payments_http_7070")?.common_tls_context;
    assert.deepEqual(client?.tls_certificate_sds_secret_configs, [{ name: "spiffe://shop/cart", sds_config: agent }]);
    assert.deepEqual(client?.combined_validation_context, {
      default_validation_context: {
        match_typed_subject_alt_names: [{ san_type: "IP_ADDRESS", matcher: { exact: "10.0.0.9" } }],
      },
      validation_context_sds_secret_config: { name: "arn:aws:acm-pca:ca/1,arn:aws:acm-pca:ca/2", sds_config: ads },
    });
  });

  it("refuses, with every spec path, the ACM and SDS sources a files-only placement cannot give, used or not", () => {
    const caller: VirtualNodeSpec = {
      listeners: [{ ...listener(8080), tls: { mode: "STRICT", certificate: { sds: { secretName: "cart" } } } }],
      backends: [
        {
          virtualService: {
            virtualServiceName: "nowhere.shop.local",
            clientPolicy: { tls: { validation: { trust: { acm: { certificateAuthorityArns: ["arn:ca"] } } } } },
          },
        },
      ],
      backendDefaults: {
        clientPolicy: {
          tls: { certificate: { sds: { secretName: "me" } }, validation: { trust: { sds: { secretName: "ca" } } } },
        },
      },
    };
    assert.throws(
      () => node(shop({ caller }), "caller", { ...appMesh, filesOnly: true }),
      (error: Error) => {
        assert.ok(error instanceof UnavailableLocallyError);
        assert.deepEqual(error.problems, [
          "spec.listeners[0].tls.certificate.sds: SDS secrets are not available locally; use file certificates",
          "spec.backendDefaults.clientPolicy.tls.certificate.sds: SDS secrets are not available locally; use file certificates",
          "spec.backendDefaults.clientPolicy.tls.validation.trust.sds: SDS secrets are not available locally; use a file trust",
          "spec.backends[0].virtualService.clientPolicy.tls.validation.trust.acm: ACM certificate authorities are not available locally; use a file trust",
        ]);
        return true;
      },
    );
    assert.doesNotThrow(() => node(shop({ front }), "front", { ...appMesh, filesOnly: true }));
  });

  it("lists the ACM certificates and trusts a spec's TLS takes over ADS, by the names translation gives them", () => {
    const cert = (id: string) => ({ acm: { certificateArn: `arn:aws:acm:us-east-1:123456789012:certificate/${id}` } });
    const trust = { trust: { acm: { certificateAuthorityArns: ["arn:ca/1", "arn:ca/2"] } } };
    const spec: VirtualNodeSpec = {
      listeners: [
        { ...listener(8080), tls: { mode: "DISABLED", certificate: cert("off") } },
        { ...listener(8443), tls: { mode: "PERMISSIVE", certificate: cert("cart") } },
      ],
      serviceDiscovery: { dns: { hostname: "cart.shop.local" } },
      backends: [
        {
          virtualService: {
            virtualServiceName: "payments.shop.local",
            clientPolicy: { tls: { validation: trust } },
          },
        },
      ],
      backendDefaults: { clientPolicy: { tls: { enforce: false, validation: trust } } },
    };
    assert.deepEqual(adsSecretsOf(spec), [
      { name: cert("cart").acm.certificateArn, kind: "certificate", path: "spec.listeners[1].tls.certificate.acm" },
      {
        name: "arn:ca/1,arn:ca/2",
        kind: "trust",
        path: "spec.backends[0].virtualService.clientPolicy.tls.validation.trust.acm",
      },
    ]);
    const translated = JSON.stringify(node(shop({ cart: spec }), "cart"));
    for (const { name } of adsSecretsOf(spec)) assert.ok(translated.includes(`"name":"${name}"`), name);
  });
});
