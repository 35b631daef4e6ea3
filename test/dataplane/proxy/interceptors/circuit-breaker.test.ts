/**
 * Connection pools as circuit breakers on the destination's sidecar, for the protocols the HTTP/1 case
 * (in resilience.test.ts) does not cover: http2 and grpc take `maxRequests` streams at once and overflow
 * one more as Envoy's 503 UO (UNAVAILABLE for gRPC); tcp takes `maxConnections` connections and closes
 * one more.
 */
import assert from "node:assert/strict";
import { createServer as createHttp2Server } from "node:http2";
import { type AddressInfo, connect, createServer, type Socket } from "node:net";
import { describe, it } from "node:test";
import type { PortProtocol, VirtualNodeConnectionPool, VirtualNodeSpec } from "@aws-sdk/client-app-mesh";
import {
  credentials,
  type handleUnaryCall,
  makeGenericClientConstructor,
  Server,
  ServerCredentials,
  status,
} from "@grpc/grpc-js";
import { CART, call } from "../../../helpers/grpc-cart.js";
import { send } from "../../../helpers/http-client.js";
import { backend, byNode, listener, meshOf } from "../../meshes.js";
import { eventually, runSidecars } from "../../sidecars.js";

const OVERFLOW = "upstream connect error or disconnect/reset before headers. reset reason: overflow";

/** caller → svc.local → node `app`, whose one listener of `protocol` has `connectionPool`. */
function mesh(protocol: PortProtocol, connectionPool: VirtualNodeConnectionPool) {
  const app: VirtualNodeSpec = {
    listeners: [{ ...listener(80, protocol), connectionPool }],
    serviceDiscovery: { dns: { hostname: "app.local" } },
  };
  return meshOf("pools", {
    nodes: { caller: { backends: [backend("svc.local")] }, app },
    services: { "svc.local": byNode("app") },
  });
}

describe("connection pools", () => {
  it("http2: takes maxRequests streams at once and overflows one more with 503 UO", async () => {
    const app = createHttp2Server((_req, res) => {
      setTimeout(() => res.end("ok"), 400);
    });
    await new Promise<void>((resolve) => app.listen(0, "127.0.0.120", resolve));
    const sidecars = await runSidecars([mesh("http2", { http2: { maxRequests: 1 } })], {
      app: `127.0.0.120:${(app.address() as AddressInfo).port}`,
    });
    try {
      const ingress = sidecars.address("app", "ingress");
      const replies = await Promise.all([0, 1].map(() => send(ingress, { headers: { host: "svc.local" } })));
      assert.deepEqual(replies.map((r) => r.status).sort(), [200, 503]);
      const overflowed = replies.find((r) => r.status === 503);
      assert.equal(overflowed?.body, OVERFLOW);
      assert.equal(overflowed?.headers["x-envoy-overloaded"], "true");
      assert.equal(
        overflowed?.headers["x-mesh-decided-by"],
        "mesh/pools/virtualNode/app (connection pool: 1 requests at once)",
      );
      assert.equal((await send(ingress, { headers: { host: "svc.local" } })).status, 200, "room again once done");
    } finally {
      await sidecars.stop();
      await new Promise((resolve) => app.close(resolve));
    }
  });

  it("grpc: takes maxRequests calls at once and answers one more UNAVAILABLE (Envoy's overflow)", async () => {
    const server = new Server();
    const slowly: handleUnaryCall<Buffer, Buffer> = (_call, callback) => {
      setTimeout(() => callback(null, Buffer.from("cart")), 400);
    };
    server.addService(CART, { Add: slowly, Remove: slowly });
    const port = await new Promise<number>((resolve, reject) =>
      server.bindAsync("127.0.0.121:0", ServerCredentials.createInsecure(), (error, bound) =>
        error ? reject(error) : resolve(bound),
      ),
    );
    const sidecars = await runSidecars([mesh("grpc", { grpc: { maxRequests: 1 } })], { app: `127.0.0.121:${port}` });
    const Cart = makeGenericClientConstructor(CART, "Cart");
    const client = new Cart(sidecars.address("app", "ingress"), credentials.createInsecure());
    try {
      const results = await Promise.all([call(client, "Add"), call(client, "Add")]);
      const failed = results.find((r) => r.code !== undefined);
      assert.ok(
        results.some((r) => r.value === "cart"),
        "one call goes through",
      );
      assert.deepEqual([failed?.code, failed?.details], [status.UNAVAILABLE, OVERFLOW]);
    } finally {
      client.close();
      await sidecars.stop();
      server.forceShutdown();
    }
  });

  it("tcp: takes maxConnections connections at once and closes one more", async () => {
    const echo = createServer((socket) => socket.pipe(socket));
    await new Promise<void>((resolve) => echo.listen(0, "127.0.0.122", resolve));
    const sidecars = await runSidecars([mesh("tcp", { tcp: { maxConnections: 1 } })], {
      app: `127.0.0.122:${(echo.address() as AddressInfo).port}`,
    });
    const opened: Socket[] = [];
    /** Connects, writes `text`, and resolves with what came back before the connection closed or went quiet. */
    const exchange = (text: string, keep = false) =>
      new Promise<{ received: string; closed: boolean }>((resolve, reject) => {
        const [host, port] = sidecars.address("app", "ingress").split(":");
        const socket = connect(Number(port), host);
        opened.push(socket);
        let received = "";
        socket.setEncoding("utf8");
        socket.on("error", reject);
        socket.on("data", (chunk: string) => {
          received += chunk;
          if (keep && received === text) resolve({ received, closed: false });
        });
        socket.on("close", () => resolve({ received, closed: true }));
        socket.on("connect", () => socket.write(text));
      });
    try {
      assert.deepEqual(await exchange("first", true), { received: "first", closed: false });
      assert.deepEqual(await exchange("second"), { received: "", closed: true }, "one connection over the pool");
      opened[0]?.destroy();
      await eventually(async () => (await exchange("third", true)).received === "third");
    } finally {
      for (const socket of opened) socket.destroy();
      await sidecars.stop();
      echo.close();
    }
  });
});
