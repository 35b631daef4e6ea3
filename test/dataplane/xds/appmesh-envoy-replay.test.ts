/**
 * The App Mesh Envoy image against `mesh serve`'s xDS server, replayed: its identity as an ARN, its
 * request order, its keepalive pings and SigV4 call credentials, over TLS (a CA made for the test,
 * ALPN h2) and over a Unix socket (with `local_cluster`). Every response decodes against Envoy's v3
 * protos with all typed extensions resolvable, and carries App Mesh's names. Then the protocol's
 * edges: a NACK logged once and not looped, an unknown node named in the log and served once it
 * exists, pushes to the affected proxies only. Last, a node whose TLS comes from ACM takes its
 * certificate and its CAs as Secrets from the --xds-secrets folder.
 */
import assert from "node:assert/strict";
import { createHash, createHmac } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { connect } from "node:tls";
import * as grpc from "@grpc/grpc-js";
import { SignatureV4 } from "@smithy/signature-v4";
import { startXdsServer, type XdsServer } from "../../../src/dataplane/xds/ads-server.js";
import { syncState } from "../../../src/dataplane/xds/status.js";
import { openState, type State } from "../../../src/emulator/open.js";
import { createInEmulator } from "../../graph/meshes.js";
import { certificateAuthority } from "../../helpers/certificates.js";
import { runMain, tempStateDir } from "../../helpers/run-mesh.js";
import { eventually } from "../sidecars.js";
import { AdsTestClient, imageNode, replayImage, TYPES } from "./ads-client.js";
import { decodeAny } from "./envoy-decoder.js";

const ACCOUNT = "123456789012";
const KEY = { accessKeyId: "AKIDMESHTEST", secretAccessKey: "mesh-test-secret" };
const ARN = `arn:aws:appmesh:us-east-1:${ACCOUNT}:mesh/colors/virtualNode/caller`;

/**
 * Envoy's aws_iam call credentials: a SigV4 signature of POST https://<authority>/<service>/<method>
 * with an empty body, the authority as gRPC C-core has it (with its port unless 443).
 */
function sigv4Credentials(authority: string, secretAccessKey = KEY.secretAccessKey): grpc.CallCredentials {
  return grpc.credentials.createFromMetadataGenerator(({ service_url }, callback) => {
    const url = new URL(service_url);
    const signer = new SignatureV4({
      credentials: { ...KEY, secretAccessKey },
      region: "us-east-1",
      service: "appmesh",
      sha256: HashShim,
    });
    signer
      .sign({
        method: "POST",
        protocol: "https:",
        hostname: authority,
        path: `${url.pathname}/StreamAggregatedResources`,
        headers: { host: authority },
        body: "",
      })
      .then((signed) => {
        const metadata = new grpc.Metadata();
        for (const name of ["authorization", "x-amz-date", "x-amz-content-sha256"]) {
          const value = signed.headers[name];
          if (value) metadata.set(name, value);
        }
        callback(null, metadata);
      }, callback);
  });
}

type Bytes = string | ArrayBuffer | ArrayBufferView;
const bytesOf = (data: Bytes) =>
  typeof data === "string"
    ? data
    : ArrayBuffer.isView(data)
      ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
      : new Uint8Array(data);

class HashShim {
  private readonly hash;
  constructor(secret?: Bytes) {
    this.hash = secret === undefined ? createHash("sha256") : createHmac("sha256", bytesOf(secret));
  }
  update(data: Bytes): void {
    this.hash.update(bytesOf(data));
  }
  digest(): Promise<Uint8Array> {
    return Promise.resolve(this.hash.digest());
  }
}

describe("the App Mesh Envoy image, replayed against mesh serve's xDS server", () => {
  const dir = tempStateDir();
  const scratch = mkdtempSync(join(tmpdir(), "mesh-xds-"));
  const socket = join(scratch, "xds.sock");
  const secrets = join(scratch, "secrets");
  const logs: string[] = [];
  let pki: { caPem: string; certFile: string; keyFile: string };
  let state: State;
  let xds: XdsServer;
  const clients: AdsTestClient[] = [];
  const tlsTarget = () => `localhost:${xds.addresses[0]?.split(":")[1]}`;
  const tlsClient = (secret?: string) => {
    const credentials = grpc.credentials.combineChannelCredentials(
      grpc.credentials.createSsl(Buffer.from(pki.caPem)),
      sigv4Credentials(tlsTarget(), secret),
    );
    // The image's channel pings every 10 s; here every 100 ms, so a test of a few seconds sees many.
    const client = new AdsTestClient(tlsTarget(), credentials, {
      "grpc.keepalive_time_ms": 100,
      "grpc.keepalive_timeout_ms": 2000,
      "grpc.keepalive_permit_without_calls": 1,
    });
    clients.push(client);
    return client;
  };
  const unixClient = () => {
    const client = new AdsTestClient(`unix://${socket}`, grpc.credentials.createInsecure());
    clients.push(client);
    return client;
  };

  before(async () => {
    const authority = await certificateAuthority(scratch, "xds");
    const server = await authority.issue("localhost", { dns: ["localhost"], ip: ["127.0.0.1"] });
    pki = {
      caPem: readFileSync(authority.certificate, "utf8"),
      certFile: server.certificateChain,
      keyFile: server.privateKey,
    };
    await createInEmulator("test/fixtures/dataplane/colors", dir.dir);
    // colors-v2 found through Cloud Map instead: an EDS cluster, its endpoints sent as a ClusterLoadAssignment.
    const m = async (...args: string[]) => {
      const result = await runMain(args, { stateDir: dir.dir });
      assert.equal(result.code, 0, result.stderr);
      return result.stdout ? JSON.parse(result.stdout) : {};
    };
    await m("servicediscovery", "create-http-namespace", "--name", "colors.local");
    const namespaceId = (await m("servicediscovery", "list-namespaces")).Namespaces[0].Id;
    const serviceId = (await m("servicediscovery", "create-service", "--name", "v2", "--namespace-id", namespaceId))
      .Service.Id;
    await m(
      "servicediscovery",
      "register-instance",
      "--service-id",
      serviceId,
      "--instance-id",
      "v2-a",
      "--attributes",
      JSON.stringify({ AWS_INSTANCE_IPV4: "10.0.0.9" }),
    );
    await m(
      "update-virtual-node",
      "--mesh-name",
      "colors",
      "--virtual-node-name",
      "colors-v2",
      "--spec",
      JSON.stringify({
        listeners: [{ portMapping: { port: 8080, protocol: "http" } }],
        serviceDiscovery: { awsCloudMap: { namespaceName: "colors.local", serviceName: "v2" } },
      }),
    );
    mkdirSync(secrets);
    state = openState({ stateDir: dir.dir });
    xds = await startXdsServer({
      state,
      account: ACCOUNT,
      region: "us-east-1",
      host: "127.0.0.1",
      port: 0,
      tls: { cert: pki.certFile, key: pki.keyFile },
      socket,
      secrets,
      credentials: new Map([[KEY.accessKeyId, KEY.secretAccessKey]]),
      log: (line) => logs.push(line),
    });
  });

  after(async () => {
    for (const client of clients) client.close();
    await xds?.close();
    state?.close();
    dir.cleanup();
    rmSync(scratch, { recursive: true, force: true });
  });

  it("serves TLS with ALPN h2", async () => {
    const port = Number(xds.addresses[0]?.split(":")[1]);
    const protocol = await new Promise<string | false | null>((resolve, reject) => {
      const tls = connect(
        { host: "127.0.0.1", port, servername: "localhost", ALPNProtocols: ["h2"], ca: pki.caPem },
        () => {
          resolve(tls.alpnProtocol);
          tls.end();
        },
      );
      tls.on("error", reject);
    });
    assert.equal(protocol, "h2");
  });

  it("answers the image's requests over TLS, signed, in its order, promptly, with App Mesh's names", async () => {
    const { resources, order } = await replayImage(tlsClient(), imageNode(ARN), false);
    assert.deepEqual(
      order.map((o) => o.type),
      [TYPES.cluster, TYPES.endpoints, TYPES.listener, TYPES.routes],
    );
    for (const { type, ms } of order) assert.ok(ms < 1000, `${type} took ${ms} ms`);
    const names = (type: string) => (resources.get(type) ?? []).map((d) => d.name);
    assert.deepEqual(names(TYPES.listener), ["lds_egress_0.0.0.0_15001"]);
    assert.ok(names(TYPES.cluster).includes("cds_egress_colors_colors-v1_http_8080"), String(names(TYPES.cluster)));
    assert.ok(names(TYPES.routes).includes("rds_egress_http_8080"));
    const typeUrls = new Set([...resources.values()].flat().flatMap((d) => d.typeUrls));
    for (const extension of [
      "type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager",
      "type.googleapis.com/envoy.extensions.filters.http.router.v3.Router",
      "type.googleapis.com/envoy.extensions.retry.host.previous_hosts.v3.PreviousHostsPredicate",
    ]) {
      assert.ok(typeUrls.has(extension), `${extension} among ${[...typeUrls].join(", ")}`);
    }
    const egress = resources.get(TYPES.listener)?.find((d) => d.name.startsWith("lds_egress"));
    assert.match(JSON.stringify(egress?.value), /"stat_prefix":"egress"/);
  });

  it("tolerates keepalive pings (here every 100 ms) on an open stream", async () => {
    const client = tlsClient();
    await replayImage(client, imageNode("mesh/colors/virtualNode/caller"), false);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    assert.equal(client.error, undefined);
    assert.ok(xds.proxies().some((p) => p.nodeId === "mesh/colors/virtualNode/caller" && p.transport === "tls"));
  });

  it("refuses a stream signed with a wrong key", async () => {
    const client = tlsClient("not-the-secret");
    client.send({
      node: imageNode(ARN),
      type_url: TYPES.cluster,
      resource_names: [],
      version_info: "",
      response_nonce: "",
    });
    await assert.rejects(client.next(2000));
    assert.equal(client.error?.code, grpc.status.UNAUTHENTICATED);
    assert.match(client.error?.details ?? "", /SigV4 signature refused/);
  });

  it("answers the image over a Unix socket, local_cluster first, unsigned", async () => {
    const { resources, order } = await replayImage(unixClient(), imageNode(ARN), true);
    assert.deepEqual(
      order.map((o) => o.type),
      [TYPES.endpoints, TYPES.cluster, TYPES.endpoints, TYPES.listener, TYPES.routes],
    );
    const endpoints = resources.get(TYPES.endpoints) ?? [];
    assert.deepEqual(
      endpoints.map((d) => d.name),
      ["cds_egress_colors_colors-v2_http_8080", "local_cluster"],
    );
    assert.match(JSON.stringify(endpoints[0]?.value), /"address":"10\.0\.0\.9","port_value":8080/);
  });

  it("sees every type ACKed by every proxy that replayed", async () => {
    const replayed = () => xds.proxies().filter((p) => p.types.length === 4);
    await eventually(() => replayed().every((p) => p.types.every((t) => syncState(t) === "SYNCED")));
    assert.equal(replayed().length, 3);
  });

  it("logs a NACK once with its error, and does not send that version again", async () => {
    const client = unixClient();
    const node = imageNode("mesh/colors/virtualNode/colors-v1");
    client.send({ node, type_url: TYPES.listener, resource_names: [], version_info: "", response_nonce: "" });
    const lds = await client.next();
    const nack = {
      node,
      type_url: TYPES.listener,
      resource_names: [],
      version_info: "",
      response_nonce: lds.nonce,
      error_detail: { code: 3, message: "Error adding/updating listener(s) lds_ingress_0.0.0.0_15000: test says no" },
    };
    client.send(nack);
    client.send({ ...nack, response_nonce: lds.nonce });
    assert.equal(await client.anyWithin(500), false);
    assert.equal(logs.filter((line) => line.includes("test says no")).length, 1, logs.join("\n"));
    const proxy = xds.proxies().find((p) => p.nodeId === "mesh/colors/virtualNode/colors-v1");
    const type = proxy?.types.find((t) => t.type === "LDS");
    assert.equal(type && syncState(type), "NACKED");
    assert.match(type?.nack?.message ?? "", /test says no/);
  });

  it("names an unknown node and what exists in the log, and serves it once it is created", async () => {
    const client = unixClient();
    const node = imageNode("mesh/colors/virtualNode/ghost");
    client.send({ node, type_url: TYPES.cluster, resource_names: [], version_info: "", response_nonce: "" });
    assert.equal(await client.anyWithin(300), false);
    const line = logs.find((l) => l.includes("mesh/colors/virtualNode/ghost"));
    assert.match(
      line ?? "",
      /virtual node ghost does not exist in mesh colors; its virtual nodes: caller, colors-v1, colors-v2/,
    );
    await runMain(["create-virtual-node", "--mesh-name", "colors", "--virtual-node-name", "ghost", "--spec", "{}"], {
      stateDir: dir.dir,
    });
    const cds = await client.next(3000);
    assert.equal(cds.type_url, TYPES.cluster);
  });

  it("pushes a change to the proxies it affects only", async () => {
    const caller = unixClient();
    const target = unixClient();
    await replayImage(caller, imageNode("mesh/colors/virtualNode/caller"), true);
    await replayImage(target, imageNode("mesh/colors/virtualNode/colors-v2"), true);
    const updated = await runMain(
      [
        "update-route",
        "--mesh-name",
        "colors",
        "--virtual-router-name",
        "colors-router",
        "--route-name",
        "canary",
        "--spec",
        JSON.stringify({
          httpRoute: { match: { prefix: "/" }, action: { weightedTargets: [{ virtualNode: "colors-v1", weight: 1 }] } },
        }),
      ],
      { stateDir: dir.dir },
    );
    assert.equal(updated.code, 0, updated.stderr);
    const pushed = await caller.next(3000);
    assert.equal(pushed.type_url, TYPES.routes);
    assert.equal(await target.anyWithin(500), false);
  });

  it("pushes a Cloud Map registration as the new endpoints (EDS) of the proxies that reach that service only", async () => {
    const caller = unixClient();
    const other = unixClient();
    await replayImage(caller, imageNode("mesh/colors/virtualNode/caller"), true);
    await replayImage(other, imageNode("mesh/colors/virtualNode/colors-v1"), true);
    const m = (...args: string[]) => runMain(args, { stateDir: dir.dir });
    const services = JSON.parse((await m("servicediscovery", "list-services")).stdout);
    const serviceId = services.Services.find((service: { Name: string }) => service.Name === "v2").Id;
    const attributes = JSON.stringify({ AWS_INSTANCE_IPV4: "10.0.0.10" });
    const registered = await m(
      "servicediscovery",
      "register-instance",
      "--service-id",
      serviceId,
      "--instance-id",
      "v2-b",
      "--attributes",
      attributes,
    );
    assert.equal(registered.code, 0, registered.stderr);
    const pushed = await caller.next(3000);
    assert.equal(pushed.type_url, TYPES.endpoints);
    const assignments = pushed.resources.map((resource) => decodeAny(resource.type_url, resource.value).value);
    const v2 = assignments.find((a) => String(a.cluster_name).includes("colors-v2")) as {
      endpoints: { lb_endpoints: { endpoint: { address: { socket_address: { address: string } } } }[] }[];
    };
    assert.deepEqual(
      v2.endpoints.flatMap((locality) => locality.lb_endpoints.map((lb) => lb.endpoint.address.socket_address.address)),
      ["10.0.0.9", "10.0.0.10"],
    );
    assert.equal(await other.anyWithin(500), false);
  });

  it("sends a node's ACM certificate and ACM CA trust as Secrets from the --xds-secrets folder, ACKed", async () => {
    const one = await certificateAuthority(secrets, "pca-one");
    const two = await certificateAuthority(secrets, "pca-two");
    const issued = await one.issue("c0ffee", { dns: ["secure.colors.local"] });
    const certificateArn = `arn:aws:acm:us-east-1:${ACCOUNT}:certificate/c0ffee`;
    const cas = ["pca-one-ca", "pca-two-ca"].map(
      (id) => `arn:aws:acm-pca:us-east-1:${ACCOUNT}:certificate-authority/${id}`,
    );
    const created = await runMain(
      [
        "create-virtual-node",
        "--mesh-name",
        "colors",
        "--virtual-node-name",
        "secure",
        "--spec",
        JSON.stringify({
          listeners: [
            {
              portMapping: { port: 8443, protocol: "http" },
              tls: { mode: "STRICT", certificate: { acm: { certificateArn } } },
            },
          ],
          backends: [{ virtualService: { virtualServiceName: "colors.local" } }],
          backendDefaults: {
            clientPolicy: { tls: { validation: { trust: { acm: { certificateAuthorityArns: cas } } } } },
          },
          serviceDiscovery: { dns: { hostname: "secure.colors.local" } },
        }),
      ],
      { stateDir: dir.dir },
    );
    assert.equal(created.code, 0, created.stderr);
    const node = imageNode("mesh/colors/virtualNode/secure");
    const { resources, order } = await replayImage(unixClient(), node, true);
    assert.equal(order.at(-1)?.type, TYPES.secret);
    const sent = new Map((resources.get(TYPES.secret) ?? []).map((d) => [d.name, d.value as Record<string, any>]));
    assert.deepEqual([...sent.keys()].sort(), [cas.join(","), certificateArn].sort());
    const certificate = sent.get(certificateArn)?.tls_certificate;
    assert.equal(certificate?.certificate_chain.inline_string, readFileSync(issued.certificateChain, "utf8"));
    assert.equal(certificate?.private_key.inline_string, readFileSync(issued.privateKey, "utf8"));
    const bundle: string = sent.get(cas.join(","))?.validation_context.trusted_ca.inline_string ?? "";
    const pems = [one.certificate, two.certificate].map((file) => readFileSync(file, "utf8").trim());
    assert.equal(bundle.match(/-----BEGIN CERTIFICATE-----/g)?.length, 2);
    assert.ok(bundle.indexOf(pems[0] ?? "") === 0 && bundle.indexOf(pems[1] ?? "") > 0, bundle);
    await eventually(() => {
      const sds = xds
        .proxies()
        .find((p) => p.nodeId === "mesh/colors/virtualNode/secure")
        ?.types.find((t) => t.type === "SDS");
      return sds !== undefined && syncState(sds) === "SYNCED";
    });
  });
});
