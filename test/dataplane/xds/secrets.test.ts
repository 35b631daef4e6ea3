/**
 * ACM secrets from `mesh serve --xds-secrets`: the folder read as App Mesh read ACM (a certificate's
 * chain and key, a trust's CAs one after the other), material Envoy would refuse kept back, and over
 * ADS what cannot be sent said once (the node, the spec path, the files expected) and never sent;
 * the request waits until the files are there, and a changed file is pushed. The key is never logged.
 */
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import * as grpc from "@grpc/grpc-js";
import { startXdsServer, type XdsServer } from "../../../src/dataplane/xds/ads-server.js";
import { SecretFolder } from "../../../src/dataplane/xds/secrets.js";
import { openState, type State } from "../../../src/emulator/open.js";
import { certificateAuthority, certificateFolder } from "../../helpers/certificates.js";
import { runMain, tempStateDir } from "../../helpers/run-mesh.js";
import { AdsTestClient, imageNode, type Response, TYPES } from "./ads-client.js";
import { decodeAny } from "./envoy-decoder.js";

const certificateArn = (id: string) => `arn:aws:acm:us-east-1:123456789012:certificate/${id}`;
const caArn = (id: string) => `arn:aws:acm-pca:us-east-1:123456789012:certificate-authority/${id}`;

describe("the secrets folder", () => {
  const folder = certificateFolder();
  const secrets = new SecretFolder(folder.path, () => {});
  const file = (name: string) => join(folder.path, name);
  after(() => folder.remove());

  it("reads a certificate as its chain and key, a trust as its CAs' PEMs one after the other", async () => {
    const one = await certificateAuthority(folder.path, "one");
    const two = await certificateAuthority(folder.path, "two");
    const issued = await one.issue("web", { dns: ["web.shop.local"] });
    assert.deepEqual(secrets.read(certificateArn("web"), "certificate"), {
      secret: {
        name: certificateArn("web"),
        tls_certificate: {
          certificate_chain: { inline_string: readFileSync(issued.certificateChain, "utf8") },
          private_key: { inline_string: readFileSync(issued.privateKey, "utf8") },
        },
      },
    });
    const name = `${caArn("one-ca")},${caArn("two-ca")}`;
    const pems = [one.certificate, two.certificate].map((path) => readFileSync(path, "utf8").trim());
    assert.deepEqual(secrets.read(name, "trust"), {
      secret: { name, validation_context: { trusted_ca: { inline_string: `${pems.join("\n")}\n` } } },
    });
  });

  it("says which files are missing, or that there is no folder", () => {
    writeFileSync(file("half.pem"), "");
    assert.deepEqual(secrets.read(certificateArn("half"), "certificate"), {
      unheld: `${file("half.key")} does not exist`,
    });
    assert.deepEqual(secrets.read(`${caArn("one-ca")},${caArn("gone")}`, "trust"), {
      unheld: `${file("gone.pem")} does not exist`,
    });
    assert.deepEqual(new SecretFolder(undefined, () => {}).read(certificateArn("web"), "certificate"), {
      unheld: "mesh serve has no --xds-secrets folder to read web.pem and web.key from",
    });
  });

  it("keeps back what Envoy would refuse, naming the file and never its content", async () => {
    const authority = await certificateAuthority(folder.path, "three");
    await authority.issue("mine", { dns: ["mine.shop.local"] });
    const theirs = await authority.issue("theirs", { dns: ["theirs.shop.local"] });
    writeFileSync(file("mine.key"), readFileSync(theirs.privateKey));
    const mismatched = secrets.read(certificateArn("mine"), "certificate");
    assert.deepEqual(mismatched, {
      unheld: `${file("mine.key")} is not the private key of the certificate in ${file("mine.pem")}`,
    });
    writeFileSync(file("mine.key"), "not a key");
    const garbled = secrets.read(certificateArn("mine"), "certificate");
    assert.ok("unheld" in garbled && garbled.unheld.startsWith(`${file("mine.key")} holds no PEM private key (`));
    writeFileSync(file("mine.pem"), "not a certificate");
    const noCertificate = secrets.read(certificateArn("mine"), "certificate");
    assert.ok(
      "unheld" in noCertificate && noCertificate.unheld.startsWith(`${file("mine.pem")} holds no PEM certificate`),
    );
    assert.deepEqual(secrets.read("arn:aws:acm:us-east-1:123456789012:certificate/..", "certificate"), {
      unheld: "arn:aws:acm:us-east-1:123456789012:certificate/.. is not an ACM certificate ARN (…:certificate/<id>)",
    });
  });
});

describe("Secrets over ADS from mesh serve's --xds-secrets folder", () => {
  const dir = tempStateDir();
  const folder = certificateFolder();
  const scratch = certificateFolder();
  const socket = join(scratch.path, "xds.sock");
  const logs: string[] = [];
  const clients: AdsTestClient[] = [];
  let state: State;
  let xds: XdsServer;

  const client = () => {
    const made = new AdsTestClient(`unix://${socket}`, grpc.credentials.createInsecure());
    clients.push(made);
    return made;
  };
  const request = (node: object, type_url: string, resource_names: string[] = []) => ({
    node,
    type_url,
    resource_names,
    version_info: "",
    response_nonce: "",
  });
  const secretOf = (response: Response) => {
    assert.equal(response.type_url, TYPES.secret);
    return response.resources.map((r) => decodeAny(r.type_url, r.value).value as Record<string, any>);
  };
  const tlsListener = (id: string) => ({
    portMapping: { port: 8443, protocol: "http" },
    tls: { mode: "STRICT", certificate: { acm: { certificateArn: certificateArn(id) } } },
  });

  before(async () => {
    const m = async (...args: string[]) => {
      const result = await runMain(args, { stateDir: dir.dir });
      assert.equal(result.code, 0, result.stderr);
    };
    await m("create-mesh", "--mesh-name", "shop");
    for (const [node, id] of [
      ["web", "web"],
      ["api", "absent"],
    ] as const) {
      const spec = JSON.stringify({
        listeners: [tlsListener(id)],
        serviceDiscovery: { dns: { hostname: `${node}.shop.local` } },
      });
      await m("create-virtual-node", "--mesh-name", "shop", "--virtual-node-name", node, "--spec", spec);
    }
    await (await certificateAuthority(folder.path, "shop")).issue("web", { dns: ["web.shop.local"] });
    state = openState({ stateDir: dir.dir });
    xds = await startXdsServer({
      state,
      account: "123456789012",
      region: "us-east-1",
      host: "127.0.0.1",
      socket,
      secrets: folder.path,
      log: (line) => logs.push(line),
    });
  });

  after(async () => {
    for (const made of clients) made.close();
    await xds?.close();
    state?.close();
    dir.cleanup();
    folder.remove();
    scratch.remove();
  });

  it("sends only the secrets a node's spec names", async () => {
    const web = client();
    web.send(request(imageNode("mesh/shop/virtualNode/web"), TYPES.secret, [certificateArn("web")]));
    assert.deepEqual(
      secretOf(await web.next()).map((secret) => secret.name),
      [certificateArn("web")],
    );
    const api = client();
    const node = imageNode("mesh/shop/virtualNode/api");
    api.send(request(node, TYPES.secret, [certificateArn("web")]));
    // A stream's requests are answered in order: LDS first means no Secret was sent before it.
    api.send(request(node, TYPES.listener));
    assert.equal((await api.next()).type_url, TYPES.listener);
    assert.ok(
      logs.some((line) =>
        line.includes(
          `secret ${certificateArn("web")}, asked for by mesh/shop/virtualNode/api (mesh/shop/virtualNode/api, whose spec does not name it)`,
        ),
      ),
      logs.join("\n"),
    );
  });

  it("says once which node asked for a secret the folder lacks, where its spec names it and what files, and sends nothing", async () => {
    const id = "arn:aws:appmesh:us-east-1:123456789012:mesh/shop/virtualNode/api";
    const node = imageNode(id);
    for (const api of [client(), client()]) {
      api.send(request(node, TYPES.secret, [certificateArn("absent")]));
      api.send(request(node, TYPES.listener));
      assert.equal((await api.next()).type_url, TYPES.listener);
    }
    const lines = logs.filter((line) => line.includes(certificateArn("absent")));
    const pem = join(folder.path, "absent.pem");
    const key = join(folder.path, "absent.key");
    assert.deepEqual(lines, [
      `mesh serve: xDS: secret ${certificateArn("absent")}, asked for by ${id} (mesh/shop/virtualNode/api at ` +
        `spec.listeners[0].tls.certificate.acm), is not sent: ${pem} does not exist; ${key} does not exist; Envoy waits for it`,
    ]);
  });

  it("sends the waiting request once the files are there, and pushes a change of them", async () => {
    const api = client();
    const node = imageNode("mesh/shop/virtualNode/api");
    api.send(request(node, TYPES.secret, [certificateArn("absent")]));
    api.send(request(node, TYPES.listener));
    assert.equal((await api.next()).type_url, TYPES.listener);
    const authority = await certificateAuthority(folder.path, "later");
    const first = await authority.issue("absent", { dns: ["api.shop.local"] });
    const sent = await api.next();
    const [secret] = secretOf(sent);
    assert.equal(secret?.tls_certificate.certificate_chain.inline_string, readFileSync(first.certificateChain, "utf8"));
    api.send({
      ...request(node, TYPES.secret, [certificateArn("absent")]),
      version_info: sent.version_info,
      response_nonce: sent.nonce,
    });
    const second = await authority.issue("absent", { dns: ["api.shop.local", "api.internal"] });
    const [pushed] = secretOf(await api.next());
    assert.equal(
      pushed?.tls_certificate.certificate_chain.inline_string,
      readFileSync(second.certificateChain, "utf8"),
    );
    assert.notEqual(
      pushed?.tls_certificate.private_key.inline_string,
      secret?.tls_certificate.private_key.inline_string,
    );
    assert.ok(!logs.some((line) => line.includes("PRIVATE KEY")), logs.join("\n"));
  });
});
