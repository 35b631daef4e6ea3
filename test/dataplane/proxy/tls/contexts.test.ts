/**
 * Loading a config's TLS before it applies: certificates that load are kept by content across updates;
 * one that cannot be loaded (a missing file, a key that is not the certificate's, a secret only SDS
 * could give, two contexts on one listener) refuses the config whole, and the contexts in use stay.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { EnvoyConfig } from "../../../../src/dataplane/envoy/config.js";
import type { FilterChain } from "../../../../src/dataplane/envoy/listener.js";
import type { DownstreamTlsContext, TransportSocket } from "../../../../src/dataplane/envoy/tls.js";
import { TlsConfigError, TlsContexts } from "../../../../src/dataplane/proxy/tls/contexts.js";
import { type Authority, certificateAuthority, certificateFolder, type Issued } from "../../../helpers/certificates.js";

const folder = certificateFolder();
let ca: Authority;
let cart: Issued;
let front: Issued;

function downstream(
  chain: string,
  key: string,
  extra: Partial<DownstreamTlsContext["common_tls_context"]> = {},
): TransportSocket {
  return {
    name: "envoy.transport_sockets.tls",
    typed_config: {
      "@type": "type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext",
      common_tls_context: {
        tls_certificates: [{ certificate_chain: { filename: chain }, private_key: { filename: key } }],
        ...extra,
      },
    },
  };
}

function config(...sockets: TransportSocket[]): EnvoyConfig {
  const chains: FilterChain[] = sockets.map((socket, i) => ({
    filter_chain_match: { destination_port: 8080 + i },
    filters: [],
    transport_socket: socket,
  }));
  return {
    node: { id: "mesh/m/virtualNode/n", cluster: "mesh/m/virtualNode/n" },
    version: "1",
    listeners: [
      {
        name: "lds_ingress_127.0.0.1_1",
        address: { socket_address: { address: "127.0.0.1", port_value: 1 } },
        filter_chains: chains,
        traffic_direction: "INBOUND",
      },
    ],
    routeConfigurations: [],
    clusters: [],
    loadAssignments: [],
  };
}

describe("TLS contexts", () => {
  before(async () => {
    ca = await certificateAuthority(folder.path, "mesh");
    cart = await ca.issue("cart", { dns: ["cart.local"] });
    front = await ca.issue("front", { dns: ["front.local"] });
  });
  after(() => folder.remove());

  it("loads file certificates, and keeps a context whose content did not change", () => {
    const contexts = new TlsContexts();
    const socket = downstream(cart.certificateChain, cart.privateKey, {
      validation_context: { trusted_ca: { filename: ca.certificate } },
    });
    contexts.prepare(config(socket));
    const loaded = contexts.get(socket);
    assert.equal(loaded.verifyChain, true);
    const same = downstream(cart.certificateChain, cart.privateKey, {
      validation_context: { trusted_ca: { filename: ca.certificate } },
    });
    contexts.prepare(config(same));
    assert.equal(contexts.get(same), loaded);
  });

  it("refuses a config whose files are missing or do not fit, naming the listener and the file, and keeps the last", () => {
    const contexts = new TlsContexts();
    const good = downstream(cart.certificateChain, cart.privateKey);
    contexts.prepare(config(good));
    assert.throws(
      () => contexts.prepare(config(downstream(`${folder.path}/gone.pem`, cart.privateKey))),
      new TlsConfigError(`listener lds_ingress_127.0.0.1_1: certificate chain ${folder.path}/gone.pem: no such file`),
    );
    assert.throws(
      () => contexts.prepare(config(downstream(cart.certificateChain, front.privateKey))),
      (error: Error) => {
        assert.match(
          error.message,
          /^listener lds_ingress_127\.0\.0\.1_1: cannot use .*cart\.pem, .*front\.key: .*key values mismatch/,
        );
        return true;
      },
    );
    assert.ok(contexts.get(good));
  });

  it("refuses secrets only SDS could give, and two TLS contexts on one listener", () => {
    const contexts = new TlsContexts();
    const sds: TransportSocket = {
      name: "envoy.transport_sockets.tls",
      typed_config: {
        "@type": "type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext",
        common_tls_context: {
          tls_certificate_sds_secret_configs: [{ name: "cart", sds_config: { ads: {}, resource_api_version: "V3" } }],
        },
      },
    };
    assert.throws(
      () => contexts.prepare(config(sds)),
      new TlsConfigError(
        "listener lds_ingress_127.0.0.1_1: secret cart comes from SDS, and this proxy reads certificates from files only",
      ),
    );
    assert.throws(
      () =>
        contexts.prepare(
          config(
            downstream(cart.certificateChain, cart.privateKey),
            downstream(front.certificateChain, front.privateKey),
          ),
        ),
      new TlsConfigError(
        "listener lds_ingress_127.0.0.1_1: its filter chains have different TLS contexts; this proxy takes one per listener",
      ),
    );
  });
});
