/**
 * The replies the proxy makes itself are Envoy's, byte for byte (status line, headers, body), and each
 * names the mesh object that decided it.
 */
import assert from "node:assert/strict";
import { createServer } from "node:net";
import { after, before, describe, it } from "node:test";
import { raw, send, withoutDate } from "../../helpers/http-client.js";
import { startUpstream, type Upstream } from "../../helpers/upstreams.js";
import { backend, byNode, colors, httpRoute, listener, meshOf } from "../meshes.js";
import { type Running, runSidecars } from "../sidecars.js";

/** A port nothing listens on: bound, then released. */
async function deadAddress(host: string): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return `${host}:${port}`;
}

describe("local replies", () => {
  let slow: Upstream;
  let sidecars: Running;

  before(async () => {
    slow = await startUpstream("slow", "127.0.0.9", (_req, res) => setTimeout(() => res.end("late\n"), 1500));
    const mesh = meshOf("replies", {
      nodes: {
        caller: {
          backends: [backend("dead.local"), backend("empty.local"), backend("slow.local"), backend("missing.local")],
        },
        dead: { listeners: [listener(80)], serviceDiscovery: { dns: { hostname: "dead.local" } } },
        empty: { listeners: [listener(80)], serviceDiscovery: { dns: { hostname: "nowhere.invalid" } } },
        slow: { listeners: [listener(80)], serviceDiscovery: { dns: { hostname: "slow.local" } } },
      },
      routers: { "slow-router": { listeners: [listener(80)] } },
      routes: {
        "slow-router": {
          quick: httpRoute({ slow: 1 }, {}, {}),
        },
      },
      services: {
        "dead.local": byNode("dead"),
        "empty.local": byNode("empty"),
        "slow.local": { provider: { virtualRouter: { virtualRouterName: "slow-router" } } },
      },
    });
    const quick = mesh.routes[0];
    if (quick?.spec.httpRoute) quick.spec.httpRoute.timeout = { perRequest: { unit: "ms", value: 300 } };
    sidecars = await runSidecars([mesh], { dead: await deadAddress("127.0.0.10"), slow: slow.address });
  });
  after(async () => {
    await sidecars.stop();
    await slow.close();
  });

  const egress = () => sidecars.address("caller");

  it("404 NR for a host no route takes, with an empty body", async () => {
    const bytes = await raw(egress(), "GET / HTTP/1.1\r\nhost: stranger.local\r\n\r\n");
    assert.equal(
      withoutDate(bytes),
      "HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\ndate: <date>\r\nserver: envoy\r\n" +
        "x-mesh-decided-by: mesh/replies/virtualNode/caller (egress filter DROP_ALL: not a backend of virtual node caller)\r\n\r\n",
    );
  });

  it("404 NR for a backend no virtual service provides, naming the missing service", async () => {
    const reply = await send(egress(), { headers: { host: "missing.local" } });
    assert.equal(reply.status, 404);
    assert.equal(
      reply.headers["x-mesh-decided-by"],
      "mesh/replies/virtualNode/caller (virtual service missing.local does not exist in mesh replies)",
    );
  });

  it("503 UH `no healthy upstream` for a node whose endpoints resolve to nothing", async () => {
    const bytes = await raw(egress(), "GET / HTTP/1.1\r\nhost: empty.local\r\n\r\n");
    assert.equal(
      withoutDate(bytes),
      "HTTP/1.1 503 Service Unavailable\r\ncontent-length: 19\r\ncontent-type: text/plain\r\ndate: <date>\r\nserver: envoy\r\n" +
        "x-mesh-decided-by: mesh/replies/virtualNode/empty (no endpoints)\r\n\r\nno healthy upstream",
    );
  });

  it("503 UF with Envoy's reset text when the application is down, from the node's own sidecar", async () => {
    const reply = await send(egress(), { headers: { host: "dead.local" } });
    assert.equal(reply.status, 503);
    assert.equal(
      reply.body,
      "upstream connect error or disconnect/reset before headers. reset reason: remote connection failure, transport failure reason: delayed connect error: Connection refused",
    );
    assert.match(
      String(reply.headers["x-mesh-decided-by"]),
      /^mesh\/replies\/virtualNode\/dead \(127\.0\.0\.10:\d+\)$/,
    );
  });

  it("504 UT `upstream request timeout` after the route's perRequest timeout, naming the route", async () => {
    const bytes = await raw(egress(), "GET / HTTP/1.1\r\nhost: slow.local\r\n\r\n", 2000);
    assert.equal(
      withoutDate(bytes),
      "HTTP/1.1 504 Gateway Timeout\r\ncontent-length: 24\r\ncontent-type: text/plain\r\ndate: <date>\r\nserver: envoy\r\n" +
        "x-mesh-decided-by: mesh/replies/virtualRouter/slow-router/route/quick (timeout 0.300s)\r\n\r\nupstream request timeout",
    );
  });

  it("400 for a request the HTTP parser refuses, and the listener keeps serving", async () => {
    const bytes = await raw(egress(), "GARBAGE\r\n\r\n");
    assert.match(bytes, /^HTTP\/1\.1 400 Bad Request\r\n/);
    assert.match(bytes, /\r\nserver: envoy\r\n/);
    assert.equal((await send(egress(), { headers: { host: "stranger.local" } })).status, 404);
  });

  it("serves a client that sends its request head one byte at a time", async () => {
    const head = "GET / HTTP/1.1\r\nhost: stranger.local\r\nconnection: close\r\n\r\n";
    const bytes = await raw(egress(), [...head]);
    assert.match(bytes, /^HTTP\/1\.1 404 Not Found\r\n/);
  });
});

describe("an upstream that resets mid-response", () => {
  it("cuts the response short and keeps serving", async () => {
    const broken = await startUpstream("broken", "127.0.0.11", (_req, res) => {
      res.writeHead(200, { "content-length": "100" });
      res.write("partial");
      setTimeout(() => res.socket?.destroy(), 20);
    });
    const healthy = await startUpstream("colors-v2", "127.0.0.12");
    const sidecars = await runSidecars([colors({ "colors-v1": 100, "colors-v2": 0 })], {
      "colors-v1": broken.address,
      "colors-v2": healthy.address,
    });
    try {
      await assert.rejects(send(sidecars.address("caller"), { headers: { host: "colors.local" } }));
      const next = await send(sidecars.address("caller"), { headers: { host: "colors.local", "x-beta-user": "true" } });
      assert.equal(next.status, 200);
    } finally {
      await sidecars.stop();
      await broken.close();
      await healthy.close();
    }
  });
});
