/**
 * A cluster's stats count as Envoy's do: `upstream_rq_total` counts upstream attempts (each retry is
 * one more), a retried attempt's status goes under `retry.`, and the circuit breakers show their
 * `*_open` gauges and overflow counters, in /stats' text, JSON and Prometheus forms.
 */
import assert from "node:assert/strict";
import type { ServerResponse } from "node:http";
import { connect, createServer, type Server, type Socket } from "node:net";
import { after, describe, it } from "node:test";
import { send } from "../../helpers/http-client.js";
import { startUpstream, type Upstream } from "../../helpers/upstreams.js";
import { backend, byNode, byRouter, httpRoute, listener, meshOf } from "../meshes.js";
import { eventually, type Running, runSidecars } from "../sidecars.js";

const upstreams: Upstream[] = [];
const servers: Server[] = [];
after(async () => {
  for (const server of servers) server.close();
  await Promise.all(upstreams.map((u) => u.close()));
});

/** caller → svc.local → node `app` (its listener spec given): through a router's route for HTTP, directly for TCP. */
function mesh(app: Record<string, unknown> = {}, protocol: "http" | "tcp" = "http") {
  const routed = protocol === "http";
  return meshOf("stats", {
    nodes: {
      caller: { backends: [backend("svc.local")] },
      app: { listeners: [listener(80, protocol)], serviceDiscovery: { dns: { hostname: "app.local" } }, ...app },
    },
    ...(routed
      ? { routers: { r: { listeners: [listener(80)] } }, routes: { r: { main: httpRoute({ app: 1 }) } } }
      : {}),
    services: { "svc.local": routed ? byRouter("r") : byNode("app") },
  });
}

/** One node's /stats as name → value (counters and gauges). */
async function statsOf(sidecars: Running, node: string, filter: string): Promise<Map<string, string>> {
  const path = `/stats?filter=${encodeURIComponent(filter)}`;
  const text = (await send(sidecars.address(node, "admin"), { path })).body;
  return new Map(text.split("\n").map((line) => line.split(": ") as [string, string]));
}

describe("cluster stats", () => {
  it("count each retry as an upstream request, and a retried attempt's status under retry.", async () => {
    const calls = new Map<string, number>();
    const app = await startUpstream("app", "127.0.0.80", (req, res) => {
      const n = (calls.get(req.url ?? "") ?? 0) + 1;
      calls.set(req.url ?? "", n);
      // /once fails its first attempt only, /always every attempt.
      res.statusCode = req.url === "/always" || n === 1 ? 503 : 200;
      res.end();
    });
    upstreams.push(app);
    const sidecars = await runSidecars([mesh()], { app: app.address });
    const cluster = "cluster.cds_egress_stats_app_http_80.";
    try {
      const once = await send(sidecars.address("caller"), { path: "/once", headers: { host: "svc.local" } });
      assert.equal(once.status, 200);
      let stats = await statsOf(sidecars, "caller", cluster.replaceAll(".", "\\."));
      assert.deepEqual(
        ["upstream_rq_total", "upstream_rq_active", "upstream_rq_retry", "upstream_rq_retry_success"].map((name) =>
          stats.get(`${cluster}${name}`),
        ),
        ["2", "0", "1", "1"],
      );
      assert.equal(stats.get(`${cluster}retry.upstream_rq_503`), "1");
      assert.equal(stats.get(`${cluster}retry.upstream_rq_5xx`), "1");
      assert.equal(stats.get(`${cluster}upstream_rq_200`), "1");
      assert.equal(stats.get(`${cluster}upstream_rq_completed`), "1");
      assert.equal(stats.get(`${cluster}upstream_rq_503`), undefined, "only the answer that went downstream");

      // The hidden policy's 2 retries run out: 3 attempts, 2 retried, the last one's 503 goes downstream.
      const always = await send(sidecars.address("caller"), { path: "/always", headers: { host: "svc.local" } });
      assert.equal(always.status, 503);
      stats = await statsOf(sidecars, "caller", cluster.replaceAll(".", "\\."));
      assert.equal(stats.get(`${cluster}upstream_rq_total`), "5");
      assert.equal(stats.get(`${cluster}upstream_rq_retry`), "3");
      assert.equal(stats.get(`${cluster}upstream_rq_retry_limit_exceeded`), "1");
      assert.equal(stats.get(`${cluster}retry.upstream_rq_503`), "3");
      assert.equal(stats.get(`${cluster}upstream_rq_503`), "1");
      assert.equal(stats.get(`${cluster}upstream_rq_completed`), "2");
      assert.equal(stats.get(`${cluster}upstream_rq_retry_overflow`), "0");

      const admin = sidecars.address("caller", "admin");
      const json = JSON.parse((await send(admin, { path: "/stats?format=json&filter=retry" })).body) as {
        stats: { name?: string; value?: number }[];
      };
      assert.deepEqual(
        json.stats.find((s) => s.name === `${cluster}retry.upstream_rq_503`),
        { name: `${cluster}retry.upstream_rq_503`, value: 3 },
      );
      assert.match(
        (await send(admin, { path: "/stats/prometheus" })).body,
        /^envoy_cluster_retry_upstream_rq\{envoy_response_code="503",envoy_cluster_name="cds_egress_stats_app_http_80"\} 3$/m,
      );
    } finally {
      await sidecars.stop();
    }
  });

  it("show an HTTP pool of one connection open while it is held, and count what overflows it", async () => {
    const held: ServerResponse[] = [];
    const app = await startUpstream("app", "127.0.0.81", (_req, res) => held.push(res));
    upstreams.push(app);
    const connectionPool = { http: { maxConnections: 1, maxPendingRequests: 1 } };
    const sidecars = await runSidecars([mesh({ listeners: [{ ...listener(80), connectionPool }] })], {
      app: app.address,
    });
    const cluster = "cluster.cds_ingress_stats_app_http_80.";
    const stat = async (name: string) =>
      (await statsOf(sidecars, "app", `${cluster.replaceAll(".", "\\.")}${name}$`)).get(`${cluster}${name}`);
    try {
      const ingress = sidecars.address("app", "ingress");
      const first = send(ingress, { headers: { host: "svc.local" } });
      await eventually(() => held.length === 1);
      assert.equal(await stat("circuit_breakers.default.cx_open"), "1");
      assert.equal(await stat("circuit_breakers.default.rq_pending_open"), "0");
      assert.equal(await stat("upstream_rq_active"), "1");

      const second = send(ingress, { headers: { host: "svc.local" } });
      await eventually(async () => (await stat("circuit_breakers.default.rq_pending_open")) === "1");
      assert.equal(await stat("upstream_cx_overflow"), "1", "it waits for a connection the pool may not open");
      assert.equal(await stat("upstream_rq_total"), "1", "a request waiting for a connection is not sent yet");

      const third = await send(ingress, { headers: { host: "svc.local" } });
      assert.equal(third.status, 503);
      assert.equal(await stat("upstream_rq_pending_overflow"), "1");
      assert.equal(await stat("upstream_rq_503"), "1");

      held[0]?.end("ok");
      assert.equal((await first).status, 200);
      await eventually(() => held.length === 2);
      held[1]?.end("ok");
      assert.equal((await second).status, 200);
      assert.equal(await stat("circuit_breakers.default.rq_pending_open"), "0");
      assert.equal(await stat("upstream_rq_total"), "2");
      assert.equal(await stat("upstream_rq_active"), "0");
    } finally {
      await sidecars.stop();
    }
  });

  it("count a TCP connection beyond maxConnections as upstream_cx_overflow", async () => {
    const app = createServer((socket) => socket.on("data", (data) => socket.write(data)));
    servers.push(app);
    await new Promise<void>((resolve) => app.listen(0, "127.0.0.82", resolve));
    const connectionPool = { tcp: { maxConnections: 1 } };
    const sidecars = await runSidecars([mesh({ listeners: [{ ...listener(80, "tcp"), connectionPool }] }, "tcp")], {
      app: `127.0.0.82:${(app.address() as { port: number }).port}`,
    });
    const cluster = "cluster.cds_ingress_stats_app_tcp_80.";
    const stat = async (name: string) =>
      (await statsOf(sidecars, "app", `${cluster.replaceAll(".", "\\.")}${name}$`)).get(`${cluster}${name}`);
    const open = (): Promise<Socket> => {
      const address = sidecars.address("app", "ingress");
      const at = address.lastIndexOf(":");
      return new Promise((resolve, reject) => {
        const socket = connect(Number(address.slice(at + 1)), address.slice(0, at), () => resolve(socket));
        socket.on("error", reject);
      });
    };
    try {
      const kept = await open();
      kept.write("ping");
      await new Promise((resolve) => kept.once("data", resolve));
      assert.equal(await stat("circuit_breakers.default.cx_open"), "1");

      const refused = await open();
      refused.on("error", () => {});
      await new Promise((resolve) => refused.once("close", resolve));
      assert.equal(await stat("upstream_cx_overflow"), "1");
      assert.equal(await stat("upstream_rq_pending_overflow"), "0");

      kept.destroy();
      await eventually(async () => (await stat("circuit_breakers.default.cx_open")) === "0");
    } finally {
      await sidecars.stop();
    }
  });
});

describe("response flags of an upstream response passed on", () => {
  it("are URX when the retries ran out, as Envoy logs the last attempt's answer", async () => {
    const app = await startUpstream("app", "127.0.0.82", (_req, res) => {
      res.statusCode = 503;
      res.end();
    });
    upstreams.push(app);
    const sidecars = await runSidecars([mesh()], { app: app.address }, { accessLog: "-" });
    try {
      const reply = await send(sidecars.address("caller"), { path: "/down", headers: { host: "svc.local" } });
      assert.equal(reply.status, 503);
      await eventually(() => sidecars.logs.some((line) => line.includes("/down")));
      const caller = sidecars.logs.find((line) => line.includes('"GET /down HTTP/1.1" 503 URX '));
      assert.ok(caller, sidecars.logs.join(""));
    } finally {
      await sidecars.stop();
    }
  });
});

describe("a downstream that leaves", () => {
  it("before its body is whole, or in the middle of the response: logged with DC, and no request left active", async () => {
    const app = await startUpstream("app", "127.0.0.81", (req, res) => {
      if (req.url === "/slow") {
        res.writeHead(200);
        res.write("first part");
        return;
      }
      res.end("ok");
    });
    upstreams.push(app);
    const sidecars = await runSidecars([mesh()], { app: app.address }, { accessLog: "-" });
    const [host, port] = sidecars.address("caller").split(":") as [string, string];
    /** Sends `text`, then leaves: once `after` has arrived, or soon after sending. */
    const leave = (text: string, after?: string) =>
      new Promise<void>((resolve) => {
        const socket = connect(Number(port), host, () =>
          socket.write(text, () => {
            if (after === undefined) setTimeout(() => socket.destroy(), 50);
          }),
        );
        let received = "";
        socket.on("data", (chunk) => {
          received += chunk;
          if (after !== undefined && received.includes(after)) socket.destroy();
        });
        socket.on("close", () => resolve());
      });
    try {
      await leave("POST /upload HTTP/1.1\r\nhost: svc.local\r\ncontent-length: 100\r\n\r\nten bytes!");
      await leave("GET /slow HTTP/1.1\r\nhost: svc.local\r\n\r\n", "first part");
      await eventually(() => sidecars.logs.length >= 2);
      assert.ok(
        sidecars.logs.some((line) => line.includes('"POST /upload HTTP/1.1" 0 DC ')),
        sidecars.logs.join(""),
      );
      assert.ok(
        sidecars.logs.some((line) => line.includes('"GET /slow HTTP/1.1" 200 DC ')),
        sidecars.logs.join(""),
      );
      const stats = await statsOf(sidecars, "caller", "downstream_rq_active|upstream_rq_active");
      for (const [name, value] of stats) if (name) assert.equal(value, "0", name);
    } finally {
      await sidecars.stop();
    }
  });
});
