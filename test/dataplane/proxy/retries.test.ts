/**
 * Retry policies on real traffic, as App Mesh's Envoy retried: on another host first (the
 * previous_hosts predicate), spaced by Envoy's jittered back-off, each attempt cut at perRetryTimeout
 * (504 UT,URX when every one is), the gRPC statuses a policy names and no others, connect failures
 * under tcpRetryEvents, and an application's refused HTTP/2 stream reported as Envoy reports it.
 */
import assert from "node:assert/strict";
import { createServer as createHttp2Server, constants as http2 } from "node:http2";
import type { AddressInfo } from "node:net";
import { after, describe, it } from "node:test";
import type { PortProtocol, RouteSpec } from "@aws-sdk/client-app-mesh";
import { type Client, credentials, makeGenericClientConstructor, type Server, status } from "@grpc/grpc-js";
import { CART, call, cartServer } from "../../helpers/grpc-cart.js";
import { send } from "../../helpers/http-client.js";
import { startUpstream, type Upstream } from "../../helpers/upstreams.js";
import { backend, byRouter, listener, meshOf } from "../meshes.js";
import { eventually, runSidecars } from "../sidecars.js";

const upstreams: Upstream[] = [];
after(() => Promise.all(upstreams.map((u) => u.close())));

async function upstream(name: string, host: string, handler: Parameters<typeof startUpstream>[2]): Promise<Upstream> {
  const started = await startUpstream(name, host, handler);
  upstreams.push(started);
  return started;
}

const ms = (value: number) => ({ unit: "ms", value });

/** caller → svc.local → router → node `app` (one listener of `protocol`) through one route with `policy`. */
function mesh(policy: Record<string, unknown> | undefined, protocol: PortProtocol = "http", timeout?: unknown) {
  const kind = protocol === "grpc" ? "grpcRoute" : protocol === "http2" ? "http2Route" : "httpRoute";
  const route = {
    [kind]: {
      match: protocol === "grpc" ? { serviceName: "shop.Cart" } : { prefix: "/" },
      action: { weightedTargets: [{ virtualNode: "app", weight: 1 }] },
      ...(policy ? { retryPolicy: policy } : {}),
      ...(timeout ? { timeout } : {}),
    },
  } as RouteSpec;
  return meshOf("retries", {
    nodes: {
      caller: { backends: [backend("svc.local")] },
      app: { listeners: [listener(80, protocol)], serviceDiscovery: { dns: { hostname: "app.local" } } },
    },
    routers: { r: { listeners: [listener(80, protocol)] } },
    routes: { r: { main: route } },
    services: { "svc.local": byRouter("r") },
  });
}

const statOf = (text: string, name: string) => Number(new RegExp(`\\.${name}: (\\d+)$`, "m").exec(text)?.[1] ?? -1);

describe("retries", () => {
  it("retry on another host: of two endpoints, the one always answering 503 sees each request at most once", async () => {
    const bad = await upstream("bad", "127.0.0.90", (_req, res) => {
      res.statusCode = 503;
      res.end("bad");
    });
    const good = await upstream("good", "127.0.0.91", (_req, res, name) => res.end(name));
    const policy = { maxRetries: 3, perRetryTimeout: ms(5000), httpRetryEvents: ["gateway-error"] };
    const sidecars = await runSidecars([mesh(policy)], { app: [bad.address, good.address] });
    try {
      const replies = await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          send(sidecars.address("caller"), { headers: { host: "svc.local", "x-request-id": `rq-${i}` } }),
        ),
      );
      assert.deepEqual(new Set(replies.map((r) => `${r.status} ${r.body}`)), new Set(["200 good"]));
      const ids = bad.seen.map((req) => req.headers["x-request-id"]);
      assert.ok(ids.length > 0, "round robin sends some first attempts to the failing host");
      assert.equal(new Set(ids).size, ids.length, `a request reached the failing host twice: ${ids}`);
      assert.equal(good.seen.length, 40);
    } finally {
      await sidecars.stop();
    }
  });

  it("spaces retries with Envoy's jittered back-off (25 ms base): each wait under its doubling ceiling, later waits longer", async () => {
    const arrivals = new Map<string, number[]>();
    const failing = await upstream("failing", "127.0.0.92", (req, res) => {
      const id = String(req.headers["x-request-id"]);
      arrivals.set(id, [...(arrivals.get(id) ?? []), performance.now()]);
      res.statusCode = 503;
      res.end();
    });
    const policy = { maxRetries: 3, perRetryTimeout: ms(5000), httpRetryEvents: ["gateway-error"] };
    const sidecars = await runSidecars([mesh(policy)], { app: failing.address });
    const requests = 10;
    try {
      const replies = await Promise.all(
        Array.from({ length: requests }, (_, i) =>
          send(sidecars.address("caller"), { headers: { host: "svc.local", "x-request-id": `backoff-${i}` } }),
        ),
      );
      assert.deepEqual(new Set(replies.map((r) => r.status)), new Set([503]));
      // Retry n waits a random time below min(250, 25 × (2ⁿ − 1)) ms: 25, 75, 175. Generous slack for a busy machine.
      const ceilings = [25, 75, 175];
      const slack = 500;
      const waits: number[][] = [[], [], []];
      for (const [id, times] of arrivals) {
        assert.equal(times.length, 4, `${id}: the first attempt and 3 retries`);
        for (let n = 0; n < 3; n++) {
          const wait = (times[n + 1] as number) - (times[n] as number);
          assert.ok(wait >= 0 && wait < (ceilings[n] as number) + slack, `${id}: retry ${n + 1} after ${wait} ms`);
          waits[n]?.push(wait);
        }
      }
      const total = (list: number[] | undefined) => (list ?? []).reduce((a, b) => a + b, 0);
      assert.ok(total(waits[2]) > total(waits[0]), `third waits ${waits[2]} against first waits ${waits[0]}`);
      const stats = (await send(sidecars.address("caller", "admin"), { path: "/stats?filter=upstream_rq_retry" })).body;
      assert.equal(statOf(stats, "upstream_rq_retry"), 3 * requests);
      assert.equal(statOf(stats, "upstream_rq_retry_limit_exceeded"), requests);
    } finally {
      await sidecars.stop();
    }
  });

  it("retries an attempt slower than perRetryTimeout, and the request succeeds on a fast host within perRequest", async () => {
    const slow = await upstream("slow", "127.0.0.93", (_req, res) => {
      setTimeout(() => res.end("slow"), 3000).unref();
    });
    const fast = await upstream("fast", "127.0.0.94", (_req, res, name) => res.end(name));
    const policy = { maxRetries: 2, perRetryTimeout: ms(150), httpRetryEvents: ["gateway-error"] };
    const sidecars = await runSidecars([mesh(policy, "http", { perRequest: ms(2000) })], {
      app: [slow.address, fast.address],
    });
    try {
      const replies: string[] = [];
      for (let i = 0; i < 6; i++)
        replies.push((await send(sidecars.address("caller"), { headers: { host: "svc.local" } })).body);
      assert.deepEqual(new Set(replies), new Set(["fast"]));
      assert.ok(slow.seen.length > 0, "some first attempts went to the slow host");
      const stats = (await send(sidecars.address("caller", "admin"), { path: "/stats?filter=per_try_timeout" })).body;
      assert.equal(statOf(stats, "upstream_rq_per_try_timeout"), slow.seen.length);
    } finally {
      await sidecars.stop();
    }
  });

  it("answers 504 `upstream request timeout` (UT,URX) when every attempt outlasts perRetryTimeout", async () => {
    const stuck = await upstream("stuck", "127.0.0.98", (_req, res) => {
      setTimeout(() => res.end("stuck"), 3000).unref();
    });
    const policy = { maxRetries: 1, perRetryTimeout: ms(100), httpRetryEvents: ["gateway-error"] };
    const sidecars = await runSidecars(
      [mesh(policy, "http", { perRequest: ms(2000) })],
      { app: stuck.address },
      {
        accessLog: "-",
      },
    );
    try {
      const reply = await send(sidecars.address("caller"), {
        headers: { host: "svc.local", "x-request-id": "all-too-slow" },
      });
      assert.deepEqual([reply.status, reply.body], [504, "upstream request timeout"]);
      assert.match(String(reply.headers["x-mesh-decided-by"]), /route\/main \(perRetryTimeout 0\.100s\)$/);
      assert.equal(stuck.seen.length, 2, "the first attempt and one retry");
      const logged = () => sidecars.logs.filter((line) => line.includes('"all-too-slow"') && / 504 UT,URX /.test(line));
      await eventually(() => logged().length === 1);
    } finally {
      await sidecars.stop();
    }
  });

  it("retries exactly the gRPC statuses grpcRetryEvents names (resource-exhausted, deadline-exceeded, internal, cancelled)", async () => {
    let calls = 0;
    let failNext: status | false = false;
    const cart = await cartServer("cart", "127.0.0.95", () => {
      calls++;
      const failure = failNext;
      failNext = false;
      return failure;
    });
    const servers: Server[] = [cart.server];
    const policy = {
      maxRetries: 1,
      perRetryTimeout: ms(5000),
      grpcRetryEvents: ["resource-exhausted", "deadline-exceeded", "internal", "cancelled"],
    };
    const sidecars = await runSidecars([mesh(policy, "grpc")], { app: cart.address });
    const Cart = makeGenericClientConstructor(CART, "Cart");
    const client: Client = new Cart(sidecars.address("caller"), credentials.createInsecure(), {
      "grpc.default_authority": "svc.local",
    });
    try {
      for (const code of [status.RESOURCE_EXHAUSTED, status.DEADLINE_EXCEEDED, status.INTERNAL, status.CANCELLED]) {
        calls = 0;
        failNext = code;
        assert.deepEqual(await call(client, "Add"), { value: "cart" }, `status ${code} is retried`);
        assert.equal(calls, 2, `status ${code}: one failed attempt, one retry`);
      }
      calls = 0;
      failNext = status.UNAVAILABLE;
      const reply = await call(client, "Add");
      assert.equal(reply.code, status.UNAVAILABLE, "a status the policy does not name comes back as it is");
      assert.equal(calls, 1);
    } finally {
      client.close();
      await sidecars.stop();
      for (const server of servers) server.forceShutdown();
    }
  });

  it("retries connect failures under tcpRetryEvents connection-error (UF,URX), and not without it", async () => {
    const app = await upstream("app", "127.0.0.96", (_req, res, name) => res.end(name));
    for (const [policy, retries] of [
      [{ maxRetries: 2, perRetryTimeout: ms(1000), tcpRetryEvents: ["connection-error"] }, 2],
      [{ maxRetries: 2, perRetryTimeout: ms(1000), httpRetryEvents: ["client-error"] }, 0],
    ] as const) {
      const sidecars = await runSidecars([mesh(policy)], { app: app.address });
      try {
        // The target's sidecar stops taking connections: the caller's connects are refused.
        const drained = await send(sidecars.address("app", "admin"), {
          method: "POST",
          path: "/drain_listeners?inboundonly",
        });
        assert.equal(drained.status, 200);
        const reply = await send(sidecars.address("caller"), { headers: { host: "svc.local" } });
        assert.equal(reply.status, 503);
        assert.equal(
          reply.body,
          `upstream connect error or disconnect/reset before headers. ${retries ? "retried and the latest " : ""}reset reason: remote connection failure, transport failure reason: delayed connect error: Connection refused`,
        );
        const stats = (await send(sidecars.address("caller", "admin"), { path: "/stats?filter=upstream_rq_retry" }))
          .body;
        assert.equal(statOf(stats, "upstream_rq_retry"), retries);
      } finally {
        await sidecars.stop();
      }
    }
  });

  it("reports a stream the HTTP/2 application refuses as Envoy's 503 `remote refused stream reset`", async () => {
    const app = createHttp2Server();
    app.on("stream", (stream) => {
      stream.on("error", () => {});
      stream.close(http2.NGHTTP2_REFUSED_STREAM);
    });
    await new Promise<void>((resolve) => app.listen(0, "127.0.0.97", resolve));
    const sidecars = await runSidecars([mesh(undefined, "http2")], {
      app: `127.0.0.97:${(app.address() as AddressInfo).port}`,
    });
    try {
      const reply = await send(sidecars.address("app", "ingress"), { headers: { host: "svc.local" } });
      assert.equal(reply.status, 503);
      assert.equal(
        reply.body,
        "upstream connect error or disconnect/reset before headers. reset reason: remote refused stream reset",
      );
    } finally {
      await sidecars.stop();
      await new Promise((resolve) => app.close(resolve));
    }
  });
});
