/**
 * `mesh envoy-bootstrap` prints a bootstrap an Envoy binary accepts: it decodes as Envoy's v3
 * Bootstrap (every field known, every typed extension resolvable, validation rules met), names the
 * node as the App Mesh image does, and reaches mesh serve over TCP, TLS or a Unix socket.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parse } from "yaml";
import { fromProtoJson } from "../../../src/dataplane/xds/proto/from-json.js";
import { runMain } from "../../helpers/run-mesh.js";
import { envoyProtoRoot } from "./envoy-decoder.js";

async function bootstrap(...args: string[]): Promise<Record<string, any>> {
  const result = await runMain(["envoy-bootstrap", ...args]);
  assert.equal(result.code, 0, result.stderr);
  const document = parse(result.stdout) as Record<string, any>;
  fromProtoJson(envoyProtoRoot().lookupType("envoy.config.bootstrap.v3.Bootstrap"), document, "Bootstrap");
  return document;
}

describe("mesh envoy-bootstrap", () => {
  it("names the node as the image does and takes LDS and CDS over ADS from mesh serve", async () => {
    const document = await bootstrap(
      "--mesh-name",
      "colors",
      "--virtual-node-name",
      "caller",
      "--xds-address",
      "127.0.0.1:18000",
    );
    assert.deepEqual(document.node, {
      id: "mesh/colors/virtualNode/caller",
      cluster: "mesh/colors/virtualNode/caller",
    });
    assert.equal(document.dynamic_resources.ads_config.api_type, "GRPC");
    assert.deepEqual(document.dynamic_resources.lds_config, {
      ads: {},
      resource_api_version: "V3",
      initial_fetch_timeout: "0s",
    });
    const [cluster] = document.static_resources.clusters;
    assert.deepEqual(cluster.load_assignment.endpoints[0].lb_endpoints[0].endpoint.address, {
      socket_address: { address: "127.0.0.1", port_value: 18000 },
    });
    assert.equal(document.admin.address.socket_address.port_value, 9901);
  });

  it("says, before the YAML, who the node is and which ports its Envoy listens on", async () => {
    const node = await runMain(["envoy-bootstrap", "--mesh-name", "colors", "--virtual-node-name", "caller"]);
    assert.deepEqual(node.stdout.split("\n").slice(0, 2), [
      "# mesh/colors/virtualNode/caller, configured over ADS by mesh serve at 127.0.0.1:18000.",
      "# Envoy listens on 0.0.0.0:15000 (ingress: redirect the application's ports here) and 0.0.0.0:15001 (egress); admin on 0.0.0.0:9901.",
    ]);
    const gateway = await runMain([
      "envoy-bootstrap",
      "--mesh-name",
      "m",
      "--virtual-gateway-name",
      "gw",
      "--admin-port",
      "9902",
    ]);
    assert.match(
      gateway.stdout,
      /^# Envoy listens on the ports of virtual gateway gw's listeners; admin on 0\.0\.0\.0:9902\.$/m,
    );
  });

  it("verifies the server with a CA over TLS, or dials a Unix socket", async () => {
    const tls = await bootstrap(
      "--mesh-name",
      "m",
      "--virtual-gateway-name",
      "gw",
      "--xds-address",
      "xds.example:443",
      "--xds-ca",
      "/etc/ca.pem",
    );
    assert.equal(tls.node.id, "mesh/m/virtualGateway/gw");
    const socket = tls.static_resources.clusters[0].transport_socket;
    assert.equal(socket.typed_config.sni, "xds.example");
    assert.deepEqual(socket.typed_config.common_tls_context.validation_context.trusted_ca, { filename: "/etc/ca.pem" });
    const unix = await bootstrap(
      "--mesh-name",
      "m",
      "--virtual-node-name",
      "n",
      "--xds-address",
      "unix:///run/mesh/xds.sock",
    );
    assert.deepEqual(unix.static_resources.clusters[0].load_assignment.endpoints[0].lb_endpoints[0].endpoint.address, {
      pipe: { path: "/run/mesh/xds.sock" },
    });
  });

  it("refuses bad input with exit 252, naming the flag", async () => {
    const neither = await runMain(["envoy-bootstrap", "--mesh-name", "m"]);
    assert.equal(neither.code, 252);
    assert.match(neither.stderr, /exactly one of --virtual-node-name and --virtual-gateway-name/);
    const address = await runMain([
      "envoy-bootstrap",
      "--mesh-name",
      "m",
      "--virtual-node-name",
      "n",
      "--xds-address",
      "nowhere",
    ]);
    assert.equal(address.code, 252);
    assert.match(address.stderr, /argument --xds-address: 'nowhere' is neither HOST:PORT nor unix:\/\/\/PATH/);
  });
});
