/** TCP routes through dedicated egress listeners, and WebSocket upgrades over HTTP/1.1, end to end. */
import assert from "node:assert/strict";
import { createServer as createHttpServer } from "node:http";
import { connect, createServer, type Server } from "node:net";
import { after, describe, it } from "node:test";
import type { RouteSpec } from "@aws-sdk/client-app-mesh";
import { backend, byNode, byRouter, listener, meshOf } from "../meshes.js";
import { runSidecars } from "../sidecars.js";

const servers: Server[] = [];
after(() => {
  for (const server of servers) server.close();
});

/** A TCP application answering `<name>: <what it received>` on every chunk. */
async function tcpApp(name: string, host: string): Promise<string> {
  const server = createServer((socket) => socket.on("data", (data) => socket.write(`${name}: ${data}`)));
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  return `${host}:${(server.address() as { port: number }).port}`;
}

function exchange(address: string, text: string): Promise<string> {
  const at = address.lastIndexOf(":");
  return new Promise((resolve, reject) => {
    const socket = connect(Number(address.slice(at + 1)), address.slice(0, at), () => socket.write(text));
    socket.once("data", (data) => {
      resolve(String(data));
      socket.destroy();
    });
    socket.on("error", reject);
  });
}

describe("TCP", () => {
  it("reaches a TCP virtual service through its own egress listener, by the route's weights", async () => {
    const v1 = await tcpApp("db-v1", "127.0.0.70");
    const v2 = await tcpApp("db-v2", "127.0.0.71");
    const tcpRoute = (weights: Record<string, number>): RouteSpec =>
      ({
        tcpRoute: {
          action: {
            weightedTargets: Object.entries(weights).map(([virtualNode, weight]) => ({ virtualNode, weight })),
          },
        },
      }) as RouteSpec;
    const mesh = meshOf("tcp", {
      nodes: {
        caller: { backends: [backend("db.local"), backend("cache.local")] },
        "db-v1": { listeners: [listener(5432, "tcp")], serviceDiscovery: { dns: { hostname: "db1.local" } } },
        "db-v2": { listeners: [listener(5432, "tcp")], serviceDiscovery: { dns: { hostname: "db2.local" } } },
        cache: { listeners: [listener(6379, "tcp")], serviceDiscovery: { dns: { hostname: "cache.local" } } },
      },
      routers: { db: { listeners: [listener(5432, "tcp")] } },
      routes: { db: { main: tcpRoute({ "db-v1": 0, "db-v2": 1 }) } },
      services: { "db.local": byRouter("db"), "cache.local": byNode("cache") },
    });
    const cache = await tcpApp("cache", "127.0.0.72");
    const sidecars = await runSidecars([mesh], { "db-v1": v1, "db-v2": v2, cache });
    try {
      const egress = sidecars.listeners().filter((l) => l.virtualNode === "caller" && l.virtualService);
      assert.deepEqual(
        egress.map((l) => [l.role, l.virtualService, l.port]),
        [
          ["egress", "db.local", 5432],
          ["egress", "cache.local", 6379],
        ],
      );
      const db = egress.find((l) => l.virtualService === "db.local")?.address as string;
      assert.equal(await exchange(db, "ping"), "db-v2: ping");
      const cacheAddress = egress.find((l) => l.virtualService === "cache.local")?.address as string;
      assert.equal(await exchange(cacheAddress, "get"), "cache: get");
    } finally {
      await sidecars.stop();
    }
  });
});

describe("WebSocket", () => {
  it("upgrades through the egress and ingress listeners, then carries the connection's bytes", async () => {
    const app = createHttpServer((_req, res) => res.end("plain"));
    app.on("upgrade", (req, socket) => {
      socket.write(
        `HTTP/1.1 101 Switching Protocols\r\nupgrade: websocket\r\nconnection: Upgrade\r\nx-path: ${req.url}\r\n\r\n`,
      );
      socket.on("data", (data) => socket.write(`echo ${data}`));
    });
    servers.push(app);
    await new Promise<void>((resolve) => app.listen(0, "127.0.0.73", resolve));
    const mesh = meshOf("ws", {
      nodes: {
        caller: { backends: [backend("chat.local")] },
        chat: { listeners: [listener(8080)], serviceDiscovery: { dns: { hostname: "chat.local" } } },
      },
      services: { "chat.local": byNode("chat") },
    });
    const sidecars = await runSidecars([mesh], { chat: `127.0.0.73:${(app.address() as { port: number }).port}` });
    try {
      const [host, port] = sidecars.address("caller").split(":");
      const transcript = await new Promise<string>((resolve, reject) => {
        const socket = connect(Number(port), host, () =>
          socket.write(
            "GET /room HTTP/1.1\r\nhost: chat.local\r\nconnection: Upgrade\r\nupgrade: websocket\r\nsec-websocket-version: 13\r\nsec-websocket-key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n",
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
      assert.match(transcript, /^HTTP\/1\.1 101 Switching Protocols\r\n/);
      assert.match(transcript, /\r\nx-path: \/room\r\n/);
      assert.ok(transcript.endsWith("\r\n\r\necho hello"));
    } finally {
      await sidecars.stop();
    }
  });
});
