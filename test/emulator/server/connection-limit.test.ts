/**
 * `mesh serve` holds a bounded number of connections: idle and slow clients are closed to make room
 * for new ones, and when every connection has a request in flight a new one is turned away.
 */
import assert from "node:assert/strict";
import { once } from "node:events";
import { request } from "node:http";
import { connect, type Socket } from "node:net";
import { describe, it } from "node:test";
import { serve } from "./server-fixture.js";

async function idleConnection(url: string): Promise<Socket> {
  const { hostname, port } = new URL(url);
  const socket = connect(Number(port), hostname);
  await once(socket, "connect");
  return socket;
}

/** A request whose head the server has taken (it answered 100-continue), its body still to come. */
async function requestInFlight(url: string): Promise<{ end(): void }> {
  const headers = { "content-type": "application/json", "content-length": 100, expect: "100-continue" };
  const req = request(`${url}/v20190125/meshes`, { method: "PUT", headers });
  req.on("error", () => {});
  req.flushHeaders();
  await once(req, "continue");
  return { end: () => req.destroy() };
}

describe("the connection cap", { timeout: 20_000 }, () => {
  it("at the cap, the longest-idle connection is closed to make room for a new one", async () => {
    const fixture = await serve({ maxConnections: 4 });
    try {
      const idle: Socket[] = [];
      for (let i = 0; i < 4; i++) idle.push(await idleConnection(fixture.server.url));
      const longestIdleClosed = once(idle[0] as Socket, "close");
      const listed = await fixture.client().listMeshes({});
      assert.equal(listed.$metadata.httpStatusCode, 200);
      await longestIdleClosed;
      assert.deepEqual(
        idle.map((socket) => socket.readyState),
        ["closed", "open", "open", "open"],
      );
      for (const socket of idle) socket.destroy();
    } finally {
      await fixture.stop();
    }
  });

  it("when every connection has a request in flight, a new connection is closed at once", async () => {
    const fixture = await serve({ maxConnections: 2 });
    const busy = [await requestInFlight(fixture.server.url), await requestInFlight(fixture.server.url)];
    try {
      const turnedAway = await idleConnection(fixture.server.url);
      await once(turnedAway, "close");
      assert.equal(turnedAway.bytesRead, 0, "closed without an answer");
    } finally {
      for (const upload of busy) upload.end();
      await fixture.stop();
    }
  });
});
