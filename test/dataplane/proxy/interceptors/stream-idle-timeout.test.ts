/**
 * The route's idle timeout (App Mesh's route `timeout.idle`, and the node listener's on the ingress
 * side) is Envoy's stream idle timer: any bytes of the stream, either way, keep it alive; when it
 * fires before the response starts the caller gets Envoy's `stream timeout` (SI), after, the stream
 * is reset; 0 turns it off.
 */
import assert from "node:assert/strict";
import { request } from "node:http";
import { after, describe, it } from "node:test";
import type { RouteSpec, VirtualNodeSpec } from "@aws-sdk/client-app-mesh";
import { send } from "../../../helpers/http-client.js";
import { type Handler, startUpstream, type Upstream } from "../../../helpers/upstreams.js";
import { backend, byRouter, listener, meshOf } from "../../meshes.js";
import { runSidecars } from "../../sidecars.js";

const upstreams: Upstream[] = [];
after(() => Promise.all(upstreams.map((u) => u.close())));

async function upstream(host: string, handler: Handler): Promise<Upstream> {
  const started = await startUpstream("app", host, handler);
  upstreams.push(started);
  return started;
}

const ms = (value: number) => ({ unit: "ms", value });

/** caller → svc.local → router r → route main (its timeout given) → node app (its listener timeout given). */
function mesh(routeTimeout: object, listenerTimeout?: object) {
  return meshOf("idle", {
    nodes: {
      caller: { backends: [backend("svc.local")] },
      app: {
        listeners: [{ ...listener(80), ...(listenerTimeout ? { timeout: { http: listenerTimeout } } : {}) }],
        serviceDiscovery: { dns: { hostname: "app.local" } },
      } as VirtualNodeSpec,
    },
    routers: { r: { listeners: [listener(80)] } },
    routes: {
      r: {
        main: {
          httpRoute: {
            match: { prefix: "/" },
            action: { weightedTargets: [{ virtualNode: "app", weight: 1 }] },
            timeout: routeTimeout,
          },
        } as RouteSpec,
      },
    },
    services: { "svc.local": byRouter("r") },
  });
}

async function sidecarsFor(app: Upstream, routeTimeout: object, listenerTimeout?: object) {
  return runSidecars([mesh(routeTimeout, listenerTimeout)], { app: app.address }, { accessLog: "-" });
}

/** A GET whose response may be cut short: what arrived, and whether it ended cleanly. */
function partial(address: string): Promise<{ status: number; body: string; complete: boolean }> {
  const at = address.lastIndexOf(":");
  return new Promise((resolve, reject) => {
    const req = request(
      { host: address.slice(0, at), port: Number(address.slice(at + 1)), headers: { host: "svc.local" }, agent: false },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (body += chunk));
        res.on("error", () => {});
        res.on("close", () => resolve({ status: res.statusCode ?? 0, body, complete: res.complete }));
      },
    );
    req.on("error", reject);
    req.end();
  });
}

/** Sends `chunks` of a chunked request body `everyMs` apart, then ends it (or never, with `stall`). */
function streamingPost(
  address: string,
  chunks: number,
  everyMs: number,
  stall = false,
  /** A content-length to declare (the proxy reads such a small body whole first) instead of chunks. */
  declaredLength?: number,
): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  const at = address.lastIndexOf(":");
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: address.slice(0, at),
        port: Number(address.slice(at + 1)),
        method: "POST",
        headers: {
          host: "svc.local",
          ...(declaredLength === undefined
            ? { "transfer-encoding": "chunked" }
            : { "content-length": String(declaredLength) }),
        },
        agent: false,
      },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (body += chunk));
        res.on("end", () => {
          resolve({ status: res.statusCode ?? 0, body, headers: res.headers });
          req.destroy();
        });
      },
    );
    req.on("error", reject);
    let sent = 0;
    const tick = () => {
      req.write(`chunk ${sent++}\n`);
      if (sent < chunks) setTimeout(tick, everyMs);
      else if (!stall) req.end();
    };
    tick();
  });
}

describe("the route's idle timeout", () => {
  it("answers 504 `stream timeout` (SI) when the upstream never answers, naming the route", async () => {
    const silent = await upstream("127.0.0.90", () => {});
    const sidecars = await sidecarsFor(silent, { idle: ms(300), perRequest: ms(0) });
    try {
      const reply = await send(sidecars.address("caller"), { headers: { host: "svc.local" } });
      assert.deepEqual([reply.status, reply.body], [504, "stream timeout"]);
      assert.equal(reply.headers["x-mesh-decided-by"], "mesh/idle/virtualRouter/r/route/main (idle timeout 0.300s)");
      const line = sidecars.logs.find((l) => l.includes('"GET / HTTP/1.1" 504'));
      assert.match(String(line), / 504 SI .*"mesh\/idle\/virtualRouter\/r\/route\/main \(idle timeout 0\.300s\)"$/m);
      const stats = await send(sidecars.address("caller", "admin"), { path: "/stats?filter=idle_timeout" });
      assert.match(stats.body, /^http\.egress\.downstream_rq_idle_timeout: 1$/m);
    } finally {
      await sidecars.stop();
    }
  });

  it("resets the stream when the upstream sends its headers and then stalls", async () => {
    const stalling = await upstream("127.0.0.91", (_req, res) => {
      res.writeHead(200);
      res.write("first part\n");
    });
    const sidecars = await sidecarsFor(stalling, { idle: ms(300), perRequest: ms(0) });
    try {
      const reply = await partial(sidecars.address("caller"));
      assert.deepEqual(reply, { status: 200, body: "first part\n", complete: false });
      const line = sidecars.logs.find((l) => l.includes('"GET / HTTP/1.1" 200'));
      assert.match(String(line), / 200 SI .*"mesh\/idle\/virtualRouter\/r\/route\/main \(idle timeout 0\.300s\)"$/m);
    } finally {
      await sidecars.stop();
    }
  });

  it("answers 408 when the request body stops arriving", async () => {
    const app = await upstream("127.0.0.92", (_req, res) => res.end("never reached\n"));
    const sidecars = await sidecarsFor(app, { idle: ms(300), perRequest: ms(0) });
    try {
      const reply = await streamingPost(sidecars.address("caller"), 1, 0, true);
      assert.deepEqual([reply.status, reply.body], [408, "stream timeout"]);
      assert.match(String(reply.headers["x-mesh-decided-by"]), /route\/main \(idle timeout 0\.300s\)$/);
    } finally {
      await sidecars.stop();
    }
  });

  it("answers 408 when a body of declared length stops arriving, before any attempt", async () => {
    const app = await upstream("127.0.0.94", (_req, res) => res.end("never reached\n"));
    const sidecars = await sidecarsFor(app, { idle: ms(300), perRequest: ms(0) });
    try {
      const reply = await streamingPost(sidecars.address("caller"), 1, 0, true, 100);
      assert.deepEqual([reply.status, reply.body], [408, "stream timeout"]);
      assert.match(String(reply.headers["x-mesh-decided-by"]), /route\/main \(idle timeout 0\.300s\)$/);
      assert.equal(app.seen.length, 0);
    } finally {
      await sidecars.stop();
    }
  });

  it("does not cut a stream whose bytes, either way, come more often than the idle time", async () => {
    const trickle = await upstream("127.0.0.93", (_req, res) => {
      let sent = 0;
      const tick = () => {
        res.write(`part ${sent++}\n`);
        if (sent < 8) setTimeout(tick, 100);
        else res.end();
      };
      tick();
    });
    const sidecars = await sidecarsFor(trickle, { idle: ms(500), perRequest: ms(0) });
    try {
      const download = await partial(sidecars.address("caller"));
      assert.deepEqual([download.status, download.complete], [200, true]);
      assert.equal(download.body.split("\n").filter(Boolean).length, 8);
      const upload = await streamingPost(sidecars.address("caller"), 8, 100);
      assert.equal(upload.status, 200);
    } finally {
      await sidecars.stop();
    }
  });

  it("is off at 0", async () => {
    const slow = await upstream("127.0.0.94", (_req, res) => setTimeout(() => res.end("late\n"), 700));
    const sidecars = await sidecarsFor(slow, { idle: ms(0), perRequest: ms(0) });
    try {
      const reply = await send(sidecars.address("caller"), { headers: { host: "svc.local" } });
      assert.deepEqual([reply.status, reply.body], [200, "late\n"]);
    } finally {
      await sidecars.stop();
    }
  });

  it("applies the node listener's idle timeout on the ingress side, naming the virtual node", async () => {
    const silent = await upstream("127.0.0.95", () => {});
    const sidecars = await sidecarsFor(silent, { perRequest: ms(0) }, { idle: ms(300) });
    try {
      const reply = await send(sidecars.address("caller"), { headers: { host: "svc.local" } });
      assert.deepEqual([reply.status, reply.body], [504, "stream timeout"]);
      assert.equal(reply.headers["x-mesh-decided-by"], "mesh/idle/virtualNode/app (idle timeout 0.300s)");
    } finally {
      await sidecars.stop();
    }
  });
});
