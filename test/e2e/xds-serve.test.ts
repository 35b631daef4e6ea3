/**
 * `mesh serve --xds-socket` as users run it (bin/mesh.js as a subprocess): it prints where xDS is
 * served, an Envoy (replayed) takes its configuration there, and `mesh proxy-status` lists it, SYNCED,
 * from the admin endpoint, as a table and as JSON; with `--xds-secrets`, its ACM certificate comes
 * from that folder. Wrong xDS flags are refused as usage errors.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import * as grpc from "@grpc/grpc-js";
import { AdsTestClient, imageNode, replayImage, TYPES } from "../dataplane/xds/ads-client.js";
import { decodeAny } from "../dataplane/xds/envoy-decoder.js";
import { createInEmulator } from "../graph/meshes.js";
import { certificateAuthority, certificateFolder } from "../helpers/certificates.js";
import { type MeshProcess, runMesh, startMesh, tempStateDir } from "../helpers/run-mesh.js";

describe("mesh serve --xds-socket, and mesh proxy-status (subprocess)", () => {
  const state = tempStateDir();
  const scratch = mkdtempSync(join(tmpdir(), "mesh-xds-e2e-"));
  const socket = join(scratch, "xds.sock");
  let serve: MeshProcess;
  let url: string;
  let client: AdsTestClient;

  before(async () => {
    await createInEmulator("test/fixtures/dataplane/colors", state.dir);
    serve = startMesh(["serve", "--port", "0", "--xds-socket", socket], { stateDir: state.dir });
    url = (await serve.nextLine()).replace("mesh serve: listening on ", "");
    assert.equal(await serve.nextLine(), `mesh serve: xDS on unix://${socket}`);
    client = new AdsTestClient(`unix://${socket}`, grpc.credentials.createInsecure());
    await replayImage(client, imageNode("arn:aws:appmesh:us-east-1:123456789012:mesh/colors/virtualNode/caller"), true);
  });

  after(async () => {
    client?.close();
    await serve?.stop();
    state.cleanup();
    rmSync(scratch, { recursive: true, force: true });
  });

  it("lists the connected proxy with every type SYNCED", async () => {
    let table = "";
    for (let attempt = 0; attempt < 50 && !/RDS/.test(table); attempt++) {
      const result = await runMesh(["proxy-status", "--endpoint-url", url, "--output", "table"]);
      assert.equal(result.code, 0, result.stderr);
      if (/SYNCED\s+SYNCED\s+SYNCED\s+SYNCED\s+NOT SENT/.test(result.stdout)) table = `${result.stdout}RDS`;
      else await new Promise((resolve) => setTimeout(resolve, 50));
    }
    assert.match(table, /^NODE ID\s+MESH OBJECT\s+CLIENT\s+CDS\s+EDS\s+LDS\s+RDS\s+SDS\s+CONNECTED SINCE/);
    assert.match(
      table,
      /arn:aws:appmesh:us-east-1:123456789012:mesh\/colors\/virtualNode\/caller\s+mesh\/colors\/virtualNode\/caller\s+envoy\s+SYNCED/,
    );
  });

  it("prints the admin endpoint's JSON with --output json", async () => {
    const result = await runMesh(["proxy-status", "--endpoint-url", url, "--output", "json"]);
    const { proxies } = JSON.parse(result.stdout);
    assert.equal(proxies[0].transport, "unix");
    assert.deepEqual(proxies[0].types.map((t: { type: string }) => t.type).sort(), ["CDS", "EDS", "LDS", "RDS"]);
    for (const type of proxies[0].types) assert.equal(type.acked, type.current);
  });

  it("says what is wrong when the URL serves no xDS status, or nothing at all", async () => {
    const nothing = await runMesh(["proxy-status", "--endpoint-url", "http://127.0.0.1:9"]);
    assert.equal(nothing.code, 255);
    assert.match(nothing.stderr, /Could not connect to the endpoint URL/);
    const missing = await runMesh(["proxy-status"]);
    assert.equal(missing.code, 252);
    assert.match(missing.stderr, /argument --endpoint-url: required/);
  });
});

describe("mesh serve's xDS flags, refused when wrong", () => {
  for (const [args, message] of [
    [["--xds-port", "1", "--xds-tls-cert", "a.pem"], /--xds-tls-cert and --xds-tls-key go together/],
    [["--xds-socket", "/tmp/x.sock", "--xds-tls-cert", "a.pem", "--xds-tls-key", "b.pem"], /give --xds-port too/],
    [
      ["--xds-port", "1", "--xds-tls-cert", "/nonexistent.pem", "--xds-tls-key", "/nonexistent.pem"],
      /argument --xds-tls-cert: no such file/,
    ],
    [["--xds-port", "70000"], /argument --xds-port: invalid port: '70000'/],
    [
      ["--xds-secrets", "/tmp"],
      /argument --xds-secrets: secrets are served over xDS: give --xds-port or --xds-socket too/,
    ],
    [["--xds-socket", "/tmp/x.sock", "--xds-secrets", "/nonexistent"], /argument --xds-secrets: no such directory/],
    [["--xds-socket", "/tmp/x.sock", "--xds-secrets", "/dev/null"], /argument --xds-secrets: no such directory/],
  ] as const) {
    it(`${args.join(" ")}: exit 252, ${message.source}`, async () => {
      const result = await runMesh(["serve", "--port", "0", ...args]);
      assert.equal(result.code, 252, result.stderr);
      assert.match(result.stderr, message);
    });
  }
});

describe("mesh serve --xds-secrets (subprocess)", () => {
  const state = tempStateDir();
  const folder = certificateFolder();
  const scratch = mkdtempSync(join(tmpdir(), "mesh-xds-e2e-"));
  const arn = "arn:aws:acm:us-east-1:123456789012:certificate/0ddba11";
  let serve: MeshProcess;
  let client: AdsTestClient;

  before(async () => {
    const spec = {
      listeners: [
        {
          portMapping: { port: 443, protocol: "http" },
          tls: { mode: "STRICT", certificate: { acm: { certificateArn: arn } } },
        },
      ],
      serviceDiscovery: { dns: { hostname: "web.shop.local" } },
    };
    for (const args of [
      ["create-mesh", "--mesh-name", "shop"],
      ["create-virtual-node", "--mesh-name", "shop", "--virtual-node-name", "web", "--spec", JSON.stringify(spec)],
    ]) {
      const result = await runMesh(args, { stateDir: state.dir });
      assert.equal(result.code, 0, result.stderr);
    }
    await (await certificateAuthority(folder.path, "shop")).issue("0ddba11", { dns: ["web.shop.local"] });
    const socket = join(scratch, "xds.sock");
    serve = startMesh(["serve", "--port", "0", "--xds-socket", socket, "--xds-secrets", folder.path], {
      stateDir: state.dir,
    });
    await serve.nextLine();
    await serve.nextLine();
    client = new AdsTestClient(`unix://${socket}`, grpc.credentials.createInsecure());
  });

  after(async () => {
    client?.close();
    await serve?.stop();
    state.cleanup();
    folder.remove();
    rmSync(scratch, { recursive: true, force: true });
  });

  it("sends a node's ACM certificate from the folder as a Secret", async () => {
    const node = imageNode("mesh/shop/virtualNode/web");
    client.send({ node, type_url: TYPES.secret, resource_names: [arn], version_info: "", response_nonce: "" });
    const response = await client.next();
    const [secret] = response.resources.map((r) => decodeAny(r.type_url, r.value));
    assert.equal(secret?.name, arn);
    assert.match(JSON.stringify(secret?.value), /"certificate_chain":\{"inline_string":"-----BEGIN CERTIFICATE-----/);
  });
});

describe("mesh proxy-status against a mesh serve --verify-sigv4 (subprocess)", () => {
  const state = tempStateDir();
  let serve: MeshProcess;
  let url: string;
  const keys = {
    AWS_ACCESS_KEY_ID: "AKIDPROXYSTATUS",
    AWS_SECRET_ACCESS_KEY: "proxy-status-secret",
    AWS_REGION: "us-east-1",
  };

  before(async () => {
    serve = startMesh(["serve", "--port", "0", "--xds-port", "0", "--verify-sigv4"], {
      stateDir: state.dir,
      env: { MESH_SERVE_CREDENTIALS: `${keys.AWS_ACCESS_KEY_ID}:${keys.AWS_SECRET_ACCESS_KEY}` },
    });
    url = (await serve.nextLine()).replace("mesh serve: listening on ", "");
  });

  after(async () => {
    await serve?.stop();
    state.cleanup();
  });

  it("signs its request with the SDK's credentials when the server asks for a signature", async () => {
    const result = await runMesh(["proxy-status", "--endpoint-url", url, "--output", "table"], { env: keys });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, "no proxies connected\n");
  });

  it("reports the refusal when the key is not one the server knows", async () => {
    const result = await runMesh(["proxy-status", "--endpoint-url", url], {
      env: { ...keys, AWS_SECRET_ACCESS_KEY: "wrong" },
    });
    assert.equal(result.code, 254);
    assert.match(result.stderr, /HTTP 403: .*signature/i);
  });
});

describe("gRPC and protobuf are loaded only for xDS", () => {
  const state = tempStateDir();
  after(() => state.cleanup());

  /** The files Node loads for one command (NODE_DEBUG=module logs each load on stderr). */
  async function loads(args: string[]): Promise<string> {
    return (await runMesh(args, { stateDir: state.dir, env: { NODE_DEBUG: "module" } })).stderr;
  }

  it("not by mesh describe-mesh, nor by mesh envoy-bootstrap", async () => {
    await runMesh(["create-mesh", "--mesh-name", "m"], { stateDir: state.dir });
    for (const args of [
      ["describe-mesh", "--mesh-name", "m"],
      ["envoy-bootstrap", "--mesh-name", "m", "--virtual-node-name", "n"],
    ]) {
      const log = await loads(args);
      assert.match(log, /mesh\.cjs/);
      assert.doesNotMatch(log, /@grpc|protobufjs|xds\.cjs/, args[0]);
    }
  });

  it("by mesh serve only when an xDS transport is asked for", async () => {
    const serve = startMesh(["serve", "--port", "0", "--xds-port", "0"], {
      stateDir: state.dir,
      env: { NODE_DEBUG: "module" },
    });
    await serve.nextLine();
    await serve.stop();
    assert.match(serve.stderr(), /xds\.cjs[\s\S]*@grpc\/grpc-js/);
  });
});
