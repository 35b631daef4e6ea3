/**
 * Many idle connections, a client that sends its request head a byte at a time and one that trickles
 * its body: normal requests keep being answered, and the server holds no more connections than its cap.
 */
import assert from "node:assert/strict";
import { once } from "node:events";
import { request } from "node:http";
import { connect, type Socket } from "node:net";
import { describe, it } from "node:test";
import { serve } from "../emulator/server/server-fixture.js";

const CAP = 32;
const IDLE = 80;

describe("slow clients and idle connections", { timeout: 60_000 }, () => {
  it("do not keep normal requests from being answered", async () => {
    const fixture = await serve({ maxConnections: CAP });
    const { hostname, port } = new URL(fixture.server.url);
    const sockets: Socket[] = [];
    const timers: NodeJS.Timeout[] = [];
    try {
      for (let i = 0; i < IDLE; i++) {
        const socket = connect(Number(port), hostname);
        socket.on("error", () => {});
        await once(socket, "connect");
        sockets.push(socket);
      }
      const slowHead = connect(Number(port), hostname);
      slowHead.on("error", () => {});
      sockets.push(slowHead);
      const head = "GET /v20190125/meshes HTTP/1.1\r\nHost: x\r\n";
      let sent = 0;
      timers.push(setInterval(() => sent < head.length && slowHead.write(head[sent++] as string), 20));

      const slowBody = request(`${fixture.server.url}/v20190125/meshes`, {
        method: "PUT",
        headers: { "content-type": "application/json", "content-length": 1_000_000 },
      });
      slowBody.on("error", () => {});
      slowBody.flushHeaders();
      timers.push(setInterval(() => slowBody.write(" "), 20));

      const client = fixture.client();
      for (let i = 0; i < 10; i++) {
        await client.createMesh({ meshName: `normal-${i}` });
        assert.equal((await client.listMeshes({})).meshes?.length, i + 1);
      }
      const open = sockets.filter((socket) => !socket.destroyed && socket.readyState === "open").length;
      assert.ok(open < CAP, `the server closed idle connections beyond its cap (${open} of ${sockets.length} open)`);
      slowBody.destroy();
    } finally {
      for (const timer of timers) clearInterval(timer);
      for (const socket of sockets) socket.destroy();
      await fixture.stop();
    }
  });
});
