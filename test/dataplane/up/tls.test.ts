/**
 * TLS in `mesh up`, as between App Mesh's Envoys: a caller's egress cluster originates TLS to the
 * target's ingress listener, which terminates it and hands the application plaintext. Listener modes
 * (STRICT, PERMISSIVE, DISABLED), client certificates checked against a trust and SANs (mTLS), client policies
 * (trust, SANs or the target's DNS name, `enforce`, `ports`), failures as Envoy words them, Envoy's
 * `ssl.*` stats, a virtual gateway's TLS listener and client policy, TCP over TLS, and what cannot run
 * locally (ACM, SDS, a missing certificate file). Certificates are made at run time.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createServer as createHttpServer } from "node:http";
import { createServer as createHttp2Server } from "node:http2";
import { request as httpsRequest } from "node:https";
import { connect, createServer, type Server } from "node:net";
import { after, before, describe, it } from "node:test";
import type { ClientPolicyTls, ListenerTls, PortProtocol, VirtualNodeSpec } from "@aws-sdk/client-app-mesh";
import type { MeshSnapshot } from "../../../src/snapshot/snapshot.js";
import { type Authority, certificateAuthority, certificateFolder, type Issued } from "../../helpers/certificates.js";
import { raw, send } from "../../helpers/http-client.js";
import { startUpstream, type Upstream } from "../../helpers/upstreams.js";
import { backend, byNode, meshOf } from "../meshes.js";
import { eventually, type Running, runSidecars } from "../sidecars.js";

const certificate = (issued: Issued) => ({
  file: { certificateChain: issued.certificateChain, privateKey: issued.privateKey },
});
const trust = (authority: Authority) => ({ trust: { file: { certificateChain: authority.certificate } } });

function node(hostname: string, tls: ListenerTls | undefined, port = 8080, protocol: PortProtocol = "http") {
  return {
    listeners: [{ portMapping: { port, protocol }, ...(tls ? { tls } : {}) }],
    serviceDiscovery: { dns: { hostname } },
  } satisfies VirtualNodeSpec;
}

/** A backend with a client policy of its own. */
const backendWith = (service: string, tls: ClientPolicyTls) => ({
  virtualService: { virtualServiceName: service, clientPolicy: { tls } },
});

/** The sum of a proxy's counters whose names end with `suffix` (e.g. `ssl.handshake`), from its admin /stats. */
async function counter(sidecars: Running, proxy: string, suffix: string): Promise<number> {
  const text = (await send(sidecars.address(proxy, "admin"), { path: "/stats" })).body;
  return text
    .split("\n")
    .filter((line) => line.split(": ")[0]?.endsWith(suffix))
    .reduce((sum, line) => sum + Number(line.split(": ")[1]), 0);
}

const UPSTREAM_TLS_FAILURE =
  "upstream connect error or disconnect/reset before headers. reset reason: remote connection failure, " +
  "transport failure reason: TLS_error:|268435581:SSL routines:OPENSSL_internal:CERTIFICATE_VERIFY_FAILED:TLS_error_end";
const TERMINATION = "upstream connect error or disconnect/reset before headers. reset reason: connection termination";

describe("TLS in mesh up", () => {
  const folder = certificateFolder();
  const apps: Record<string, Upstream> = {};
  const servers: Server[] = [];
  let sidecars: Running;
  let ca: Authority;

  before(async () => {
    ca = await certificateAuthority(folder.path, "mesh");
    const other = await certificateAuthority(folder.path, "other");
    const issued = {
      strict: await ca.issue("strict", { dns: ["strict.tls.local"] }),
      permissive: await ca.issue("permissive", { dns: ["permissive.tls.local"] }),
      mtls: await ca.issue("mtls", { dns: ["mtls.tls.local"] }),
      misnamed: await ca.issue("misnamed", { dns: ["someone-else.tls.local"] }),
      wildcard: await ca.issue("wildcard", { dns: ["*.wild.tls.local"] }),
      database: await ca.issue("database", { dns: ["db.tls.local"] }),
      http2: await ca.issue("http2", { dns: ["h2.tls.local"] }),
      checked: await ca.issue("checked", { dns: ["checked.tls.local"] }),
      websocket: await ca.issue("websocket", { dns: ["ws.tls.local"] }),
      gateway: await ca.issue("gateway", { dns: ["gw.tls.local"] }),
      disabled: await ca.issue("disabled", { dns: ["disabled.tls.local"] }),
      trustedCaller: await ca.issue("trusted-caller", { uri: ["spiffe://tls/trusted-caller"] }),
      stranger: await ca.issue("stranger", { uri: ["spiffe://tls/stranger"] }),
      forged: await other.issue("forged", { uri: ["spiffe://tls/trusted-caller"] }),
    };
    for (const [name, host] of [
      ["strict", "127.0.0.100"],
      ["permissive", "127.0.0.101"],
      ["mtls", "127.0.0.102"],
      ["misnamed", "127.0.0.103"],
      ["wildcard", "127.0.0.104"],
      ["checked", "127.0.0.109"],
      ["disabled", "127.0.0.112"],
    ] as const)
      apps[name] = await startUpstream(name, host);
    const http2App = createHttp2Server((req, res) => res.end(`h2 app saw HTTP/${req.httpVersion} ${req.url}\n`));
    servers.push(http2App as unknown as Server);
    await new Promise<void>((resolve) => http2App.listen(0, "127.0.0.110", resolve));
    const chat = createHttpServer((_req, res) => res.end("plain"));
    chat.on("upgrade", (_req, socket) => {
      socket.write("HTTP/1.1 101 Switching Protocols\r\nupgrade: websocket\r\nconnection: Upgrade\r\n\r\n");
      socket.on("data", (data) => socket.write(`echo ${data}`));
    });
    servers.push(chat as unknown as Server);
    await new Promise<void>((resolve) => chat.listen(0, "127.0.0.111", resolve));
    const database = createServer((socket) => socket.on("data", (data) => socket.write(`db: ${data}`)));
    servers.push(database);
    await new Promise<void>((resolve) => database.listen(0, "127.0.0.105", resolve));

    const strict = { mode: "STRICT", certificate: certificate(issued.strict) } as const;
    const mesh: MeshSnapshot = meshOf("tls", {
      nodes: {
        "strict-app": node("strict.tls.local", strict),
        "permissive-app": node("permissive.tls.local", {
          mode: "PERMISSIVE",
          certificate: certificate(issued.permissive),
        }),
        "mtls-app": node("mtls.tls.local", {
          mode: "STRICT",
          certificate: certificate(issued.mtls),
          validation: { ...trust(ca), subjectAlternativeNames: { match: { exact: ["spiffe://tls/trusted-caller"] } } },
        }),
        "misnamed-app": node("misnamed.tls.local", { mode: "STRICT", certificate: certificate(issued.misnamed) }),
        "wildcard-app": node("api.wild.tls.local", { mode: "STRICT", certificate: certificate(issued.wildcard) }),
        "db-app": node("db.tls.local", { mode: "STRICT", certificate: certificate(issued.database) }, 5432, "tcp"),
        "h2-app": node("h2.tls.local", { mode: "STRICT", certificate: certificate(issued.http2) }, 8080, "http2"),
        "ws-app": node("ws.tls.local", { mode: "STRICT", certificate: certificate(issued.websocket) }),
        "checked-app": {
          ...node("checked.tls.local", { mode: "STRICT", certificate: certificate(issued.checked) }),
          listeners: [
            {
              portMapping: { port: 8080, protocol: "http" },
              tls: { mode: "STRICT", certificate: certificate(issued.checked) },
              healthCheck: {
                protocol: "http",
                path: "/health",
                intervalMillis: 5000,
                timeoutMillis: 2000,
                healthyThreshold: 2,
                unhealthyThreshold: 2,
              },
            },
          ],
        },
        "disabled-app": node("disabled.tls.local", { mode: "DISABLED", certificate: certificate(issued.disabled) }),
        "plain-caller": { backends: [backend("strict.local"), backend("permissive.local"), backend("disabled.local")] },
        "tls-caller": {
          backends: [
            backend("strict.local"),
            backend("permissive.local"),
            backend("misnamed.local"),
            backend("wildcard.local"),
            backend("db.local"),
            backend("h2.local"),
            backend("checked.local"),
            backend("ws.local"),
            backendWith("mtls.local", { certificate: certificate(issued.trustedCaller), validation: trust(ca) }),
          ],
          backendDefaults: { clientPolicy: { tls: { validation: trust(ca) } } },
        },
        "stranger-caller": {
          backends: [backendWith("mtls.local", { certificate: certificate(issued.stranger), validation: trust(ca) })],
        },
        "forged-caller": {
          backends: [backendWith("mtls.local", { certificate: certificate(issued.forged), validation: trust(ca) })],
        },
        "anonymous-caller": { backends: [backendWith("mtls.local", { validation: trust(ca) })] },
        "wrong-trust-caller": {
          backends: [backend("strict.local")],
          backendDefaults: { clientPolicy: { tls: { validation: trust(other) } } },
        },
        "wrong-name-caller": {
          backends: [
            backendWith("strict.local", {
              validation: { ...trust(ca), subjectAlternativeNames: { match: { exact: ["elsewhere.tls.local"] } } },
            }),
          ],
        },
        "unenforced-caller": {
          backends: [backend("strict.local"), backend("permissive.local")],
          backendDefaults: { clientPolicy: { tls: { enforce: false, validation: trust(ca) } } },
        },
        "ports-caller": {
          backends: [
            backendWith("strict.local", { ports: [8080], validation: trust(ca) }),
            backendWith("permissive.local", { ports: [9443], validation: trust(ca) }),
          ],
        },
      },
      services: Object.fromEntries(
        ["strict", "permissive", "mtls", "misnamed", "wildcard", "db", "h2", "checked", "ws", "disabled"].map(
          (name) => [`${name}.local`, byNode(`${name}-app`)],
        ),
      ),
    });
    mesh.virtualGateways = [
      {
        name: "edge",
        spec: {
          listeners: [
            {
              portMapping: { port: 8443, protocol: "http" },
              tls: { mode: "STRICT", certificate: certificate(issued.gateway) },
            },
          ],
          backendDefaults: { clientPolicy: { tls: { validation: trust(ca) } } },
        },
      },
    ];
    mesh.gatewayRoutes = [
      {
        name: "to-strict",
        parent: "edge",
        spec: {
          httpRoute: {
            match: { prefix: "/" },
            action: { target: { virtualService: { virtualServiceName: "strict.local" } } },
          },
        },
      },
    ];
    const endpoint = (name: string) => (apps[name] as Upstream).address;
    sidecars = await runSidecars([mesh], {
      "strict-app": endpoint("strict"),
      "permissive-app": endpoint("permissive"),
      "mtls-app": endpoint("mtls"),
      "misnamed-app": endpoint("misnamed"),
      "wildcard-app": endpoint("wildcard"),
      "db-app": `127.0.0.105:${(database.address() as { port: number }).port}`,
      "h2-app": `127.0.0.110:${(http2App.address() as { port: number }).port}`,
      "checked-app": endpoint("checked"),
      "disabled-app": endpoint("disabled"),
      "ws-app": `127.0.0.111:${(chat.address() as { port: number }).port}`,
    });
  });
  after(async () => {
    await sidecars.stop();
    await Promise.all(Object.values(apps).map((app) => app.close()));
    for (const server of servers) server.close();
    folder.remove();
  });

  const call = (caller: string, service: string) =>
    send(sidecars.address(caller), { path: "/hello", headers: { host: `${service}:8080` } });

  describe("a STRICT listener", () => {
    it("serves callers whose client policy trusts its certificate; the application gets plaintext", async () => {
      const reply = await call("tls-caller", "strict.local");
      assert.equal(reply.status, 200);
      assert.equal(reply.body, "strict /hello\n");
      assert.equal(apps.strict?.seen.at(-1)?.headers["x-forwarded-proto"], "https");
      assert.ok((await counter(sidecars, "tls-caller", "cds_egress_tls_strict-app_http_8080.ssl.handshake")) >= 1);
      assert.ok((await counter(sidecars, "strict-app", "ssl.handshake")) >= 1);
    });

    it("refuses plaintext: the connection closes unanswered, and the caller gets Envoy's 503 (UC)", async () => {
      const before = apps.strict?.seen.length;
      const errors = await counter(sidecars, "strict-app", "ssl.connection_error");
      const answer = await raw(
        sidecars.address("strict-app", "ingress"),
        "GET / HTTP/1.1\r\nhost: strict.local\r\n\r\n",
      );
      assert.equal(answer, "");
      const reply = await call("plain-caller", "strict.local");
      assert.equal(reply.status, 503);
      assert.equal(reply.body, TERMINATION);
      assert.equal(apps.strict?.seen.length, before);
      assert.equal(await counter(sidecars, "strict-app", "ssl.connection_error"), errors + 2);
    });
  });

  describe("a PERMISSIVE listener", () => {
    it("takes TLS and plaintext on the same port, told apart by the tls_inspector", async () => {
      const found = await counter(sidecars, "permissive-app", "tls_inspector.tls_found");
      const notFound = await counter(sidecars, "permissive-app", "tls_inspector.tls_not_found");
      const overTls = await call("tls-caller", "permissive.local");
      assert.equal(overTls.status, 200);
      assert.equal(apps.permissive?.seen.at(-1)?.headers["x-forwarded-proto"], "https");
      const plain = await call("plain-caller", "permissive.local");
      assert.equal(plain.status, 200);
      assert.equal(apps.permissive?.seen.at(-1)?.headers["x-forwarded-proto"], "http");
      assert.equal(await counter(sidecars, "permissive-app", "tls_inspector.tls_found"), found + 1);
      assert.equal(await counter(sidecars, "permissive-app", "tls_inspector.tls_not_found"), notFound + 1);
    });
  });

  describe("a DISABLED listener", () => {
    it("takes plaintext, from a caller without a client policy and from a raw connection, and does no TLS", async () => {
      const reply = await call("plain-caller", "disabled.local");
      assert.deepEqual([reply.status, reply.body], [200, "disabled /hello\n"]);
      assert.equal(apps.disabled?.seen.at(-1)?.headers["x-forwarded-proto"], "http");
      const answer = await raw(
        sidecars.address("disabled-app", "ingress"),
        "GET /raw HTTP/1.1\r\nhost: disabled.local\r\nconnection: close\r\n\r\n",
      );
      assert.match(answer, /^HTTP\/1\.1 200 OK\r\n/);
      assert.equal(await counter(sidecars, "disabled-app", "ssl.handshake"), 0);
    });
  });

  describe("mutual TLS", () => {
    it("serves a client whose certificate chains to the trust and carries an accepted SAN", async () => {
      const reply = await call("tls-caller", "mtls.local");
      assert.equal(reply.status, 200);
      assert.equal(reply.body, "mtls /hello\n");
    });

    it("refuses a client certificate without an accepted SAN (ssl.fail_verify_san)", async () => {
      const before = apps.mtls?.seen.length;
      const reply = await call("stranger-caller", "mtls.local");
      assert.equal(reply.status, 503);
      assert.equal(reply.body, TERMINATION);
      assert.equal(apps.mtls?.seen.length, before);
      assert.equal(await counter(sidecars, "mtls-app", "ssl.fail_verify_san"), 1);
    });

    it("refuses a certificate from another authority (ssl.fail_verify_error), and a client without one (ssl.fail_verify_no_cert)", async () => {
      assert.equal((await call("forged-caller", "mtls.local")).status, 503);
      assert.equal(await counter(sidecars, "mtls-app", "ssl.fail_verify_error"), 1);
      assert.equal((await call("anonymous-caller", "mtls.local")).status, 503);
      assert.equal(await counter(sidecars, "mtls-app", "ssl.fail_verify_no_cert"), 1);
    });
  });

  describe("client policies", () => {
    it("fail with Envoy's 503 UF and TLS reason when the trust is not the server's CA (ssl.fail_verify_error)", async () => {
      const reply = await call("wrong-trust-caller", "strict.local");
      assert.equal(reply.status, 503);
      assert.equal(reply.body, UPSTREAM_TLS_FAILURE);
      assert.match(
        String(reply.headers["x-mesh-decided-by"]),
        /^mesh\/tls\/virtualNode\/strict-app \(127\.0\.0\.1:\d+\)$/,
      );
      const cluster = "cds_egress_tls_strict-app_http_8080.ssl.";
      assert.equal(await counter(sidecars, "wrong-trust-caller", `${cluster}fail_verify_error`), 1);
      assert.equal(await counter(sidecars, "wrong-trust-caller", `${cluster}handshake`), 0);
    });

    it("check the SANs they name (ssl.fail_verify_san)", async () => {
      const reply = await call("wrong-name-caller", "strict.local");
      assert.equal(reply.status, 503);
      assert.equal(reply.body, UPSTREAM_TLS_FAILURE);
      assert.equal(await counter(sidecars, "wrong-name-caller", "ssl.fail_verify_san"), 1);
    });

    it("naming no SANs, check the target's DNS name, which a wildcard certificate may cover", async () => {
      const misnamed = await call("tls-caller", "misnamed.local");
      assert.equal(misnamed.status, 503);
      assert.equal(misnamed.body, UPSTREAM_TLS_FAILURE);
      assert.equal(
        await counter(sidecars, "tls-caller", "cds_egress_tls_misnamed-app_http_8080.ssl.fail_verify_san"),
        1,
      );
      assert.equal(apps.misnamed?.seen.length, 0);
      assert.equal((await call("tls-caller", "wildcard.local")).body, "wildcard /hello\n");
    });

    it("with enforce false, send plaintext: a STRICT target refuses it, a PERMISSIVE one takes it", async () => {
      assert.equal((await call("unenforced-caller", "strict.local")).body, TERMINATION);
      assert.equal((await call("unenforced-caller", "permissive.local")).status, 200);
      assert.equal(apps.permissive?.seen.at(-1)?.headers["x-forwarded-proto"], "http");
    });

    it("apply to the ports they list only", async () => {
      assert.equal((await call("ports-caller", "strict.local")).status, 200);
      assert.equal(apps.strict?.seen.at(-1)?.headers["x-forwarded-proto"], "https");
      assert.equal((await call("ports-caller", "permissive.local")).status, 200);
      assert.equal(apps.permissive?.seen.at(-1)?.headers["x-forwarded-proto"], "http");
    });
  });

  it("speaks HTTP/2 over TLS (ALPN h2) to an http2 listener", async () => {
    const reply = await call("tls-caller", "h2.local");
    assert.equal(reply.body, "h2 app saw HTTP/2.0 /hello\n");
    assert.ok((await counter(sidecars, "h2-app", "ssl.handshake")) >= 1);
  });

  it("runs the target's health checks over TLS", async () => {
    const cluster = "cds_egress_tls_checked-app_http_8080.";
    await eventually(async () => (await counter(sidecars, "tls-caller", `${cluster}health_check.success`)) >= 1);
    assert.equal(apps.checked?.seen[0]?.url, "/health");
    assert.equal((await call("tls-caller", "checked.local")).status, 200);
  });

  it("carries a WebSocket upgrade over TLS", async () => {
    const [host, port] = sidecars.address("tls-caller").split(":");
    const transcript = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(port), host, () =>
        socket.write(
          "GET /room HTTP/1.1\r\nhost: ws.local:8080\r\nconnection: Upgrade\r\nupgrade: websocket\r\nsec-websocket-version: 13\r\nsec-websocket-key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n",
        ),
      );
      let text = "";
      socket.on("data", (data) => {
        text += data;
        if (text.endsWith("\r\n\r\n")) socket.write("hello");
        if (text.endsWith("echo hello")) {
          socket.destroy();
          resolve(text);
        }
      });
      socket.on("error", reject);
    });
    assert.match(transcript, /^HTTP\/1\.1 101 Switching Protocols\r\n[\s\S]*echo hello$/);
    assert.ok((await counter(sidecars, "ws-app", "ssl.handshake")) >= 1);
  });

  it("carries TCP over TLS to a STRICT TCP listener", async () => {
    const entry = sidecars.listeners().find((l) => l.virtualNode === "tls-caller" && l.virtualService === "db.local");
    const [host, port] = (entry?.address ?? "").split(":");
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(port), host, () => socket.write("ping"));
      socket.once("data", (data) => {
        resolve(String(data));
        socket.destroy();
      });
      socket.on("error", reject);
    });
    assert.equal(answer, "db: ping");
    assert.ok((await counter(sidecars, "db-app", "ssl.handshake")) >= 1);
  });

  describe("a virtual gateway", () => {
    it("terminates TLS on its listener, then reaches a STRICT node through its client policy", async () => {
      const [host, port] = sidecars.address("edge", "gateway").split(":");
      const reply = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = httpsRequest(
          {
            host,
            port: Number(port),
            path: "/via-gateway",
            servername: "gw.tls.local",
            ca: readFileSync(ca.certificate),
          },
          (res) => {
            let body = "";
            res.on("data", (chunk) => (body += chunk));
            res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
          },
        );
        req.on("error", reject);
        req.end();
      });
      assert.deepEqual(reply, { status: 200, body: "strict /via-gateway\n" });
      assert.equal(await raw(sidecars.address("edge", "gateway"), "GET / HTTP/1.1\r\nhost: gw\r\n\r\n"), "");
    });
  });

  it("puts the TLS contexts in /config_dump as Envoy's", async () => {
    const dump = (await send(sidecars.address("mtls-app", "admin"), { path: "/config_dump" })).body;
    assert.match(
      dump,
      /"@type": "type\.googleapis\.com\/envoy\.extensions\.transport_sockets\.tls\.v3\.DownstreamTlsContext"/,
    );
    assert.match(dump, /"require_client_certificate": true/);
    assert.match(dump, /"san_type": "URI",\s*"matcher": \{\s*"exact": "spiffe:\/\/tls\/trusted-caller"/);
  });
});

describe("certificates mesh up cannot have", () => {
  it("ACM and SDS sources: the sidecar does not start and says which field, the others run", async () => {
    const app = await startUpstream("fine", "127.0.0.106");
    const mesh = meshOf("certs", {
      nodes: {
        "acm-app": node("acm.certs.local", {
          mode: "STRICT",
          certificate: { acm: { certificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/abc" } },
        }),
        "sds-caller": {
          backends: [backend("fine.local")],
          backendDefaults: { clientPolicy: { tls: { validation: { trust: { sds: { secretName: "ca" } } } } } },
        },
        "fine-app": node("fine.certs.local", undefined),
        caller: { backends: [backend("fine.local"), backend("acm.local")] },
      },
      services: { "fine.local": byNode("fine-app"), "acm.local": byNode("acm-app") },
    });
    const sidecars = await runSidecars([mesh], { "fine-app": app.address, "acm-app": "127.0.0.107:8080" });
    try {
      assert.deepEqual(sidecars.warnings, [
        "mesh up: virtual node acm-app of mesh certs: spec.listeners[0].tls.certificate.acm: ACM certificates are not available locally; use file certificates",
        "mesh up: virtual node sds-caller of mesh certs: spec.backendDefaults.clientPolicy.tls.validation.trust.sds: SDS secrets are not available locally; use a file trust",
      ]);
      const running = new Set(sidecars.listeners().map((l) => l.virtualNode));
      assert.deepEqual([...running].sort(), ["caller", "fine-app"]);
      const fine = await send(sidecars.address("caller"), { headers: { host: "fine.local" } });
      assert.equal(fine.body, "fine /\n");
      const acm = await send(sidecars.address("caller"), { headers: { host: "acm.local" } });
      assert.equal(acm.status, 503);
      assert.equal(acm.body, "no healthy upstream");
    } finally {
      await sidecars.stop();
      await app.close();
    }
  });

  it("a certificate file that is not there: mesh up does not start, and names the file", async () => {
    const mesh = meshOf("missing", {
      nodes: {
        app: node("app.missing.local", {
          mode: "STRICT",
          certificate: { file: { certificateChain: "/nonexistent/app.pem", privateKey: "/nonexistent/app.key" } },
        }),
      },
    });
    await assert.rejects(runSidecars([mesh], { app: "127.0.0.108:8080" }), (error: Error) => {
      assert.match(
        error.message,
        /^virtual node app of mesh missing: listener lds_ingress_127\.0\.0\.1_\d+: certificate chain \/nonexistent\/app\.pem: no such file$/,
      );
      return true;
    });
  });
});
