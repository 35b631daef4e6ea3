/**
 * Every resilience field of App Mesh changes real traffic, as App Mesh's Envoy did: retry policies
 * (and the hidden default), route and listener timeouts, outlier detection with ejection and panic,
 * active health checks, connection pools as circuit breakers.
 */
import assert from "node:assert/strict";
import { Agent } from "node:http";
import { after, describe, it } from "node:test";
import type { RouteSpec, VirtualNodeSpec } from "@aws-sdk/client-app-mesh";
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

/** caller → svc.local → router → node `app` (its listener spec given) through one route (spec given). */
function mesh(route: Partial<RouteSpec["httpRoute"]>, app: Partial<VirtualNodeSpec> = {}) {
  return meshOf("resilience", {
    nodes: {
      caller: { backends: [backend("svc.local")] },
      app: { listeners: [listener(80)], serviceDiscovery: { dns: { hostname: "app.local" } }, ...app },
    },
    routers: { r: { listeners: [listener(80)] } },
    routes: {
      r: {
        main: {
          httpRoute: {
            match: { prefix: "/" },
            action: { weightedTargets: [{ virtualNode: "app", weight: 1 }] },
            ...route,
          },
        } as RouteSpec,
      },
    },
    services: { "svc.local": byRouter("r") },
  });
}

async function successRate(address: string, requests: number): Promise<number> {
  const agent = new Agent({ keepAlive: true, maxSockets: 20 });
  let ok = 0;
  for (let done = 0; done < requests; done += 50) {
    const replies = await Promise.all(
      Array.from({ length: 50 }, () => send(address, { headers: { host: "svc.local" }, agent })),
    );
    ok += replies.filter((r) => r.status === 200).length;
  }
  agent.destroy();
  return ok / requests;
}

describe("retries", () => {
  it("the hidden default policy (2 retries on 503) lifts a 50 % failing upstream to about 87.5 %", async () => {
    const flaky = await upstream("flaky", "127.0.0.30", (_req, res) => {
      res.statusCode = Math.random() < 0.5 ? 503 : 200;
      res.end();
    });
    const sidecars = await runSidecars([mesh({})], { app: flaky.address });
    try {
      const rate = await successRate(sidecars.address("caller"), 1000);
      assert.ok(rate > 0.84 && rate < 0.91, `success ${rate}`);
    } finally {
      await sidecars.stop();
    }
  });

  it("gateway-error retries go further: ×3 gives 1 − 0.5⁴, ×7 more than 99 %", async () => {
    const flaky = await upstream("flaky", "127.0.0.31", (_req, res) => {
      res.statusCode = Math.random() < 0.5 ? 503 : 200;
      res.end();
    });
    for (const [maxRetries, low, high] of [
      [3, 0.91, 0.965],
      [7, 0.99, 1],
    ] as const) {
      const retryPolicy = { maxRetries, perRetryTimeout: { unit: "s", value: 5 }, httpRetryEvents: ["gateway-error"] };
      const sidecars = await runSidecars([mesh({ retryPolicy } as never)], { app: flaky.address });
      try {
        const rate = await successRate(sidecars.address("caller"), 1000);
        assert.ok(rate >= low && rate <= high, `×${maxRetries}: success ${rate}`);
      } finally {
        await sidecars.stop();
      }
    }
  });

  it("does not retry what the policy does not name (a 500 under gateway-error)", async () => {
    let calls = 0;
    const failing = await upstream("failing", "127.0.0.32", (_req, res) => {
      calls++;
      res.statusCode = 500;
      res.end();
    });
    const retryPolicy = { maxRetries: 3, perRetryTimeout: { unit: "s", value: 5 }, httpRetryEvents: ["gateway-error"] };
    const sidecars = await runSidecars([mesh({ retryPolicy } as never)], { app: failing.address });
    try {
      assert.equal((await send(sidecars.address("caller"), { headers: { host: "svc.local" } })).status, 500);
      assert.equal(calls, 1);
    } finally {
      await sidecars.stop();
    }
  });
});

describe("timeouts", () => {
  it("504 `upstream request timeout` after the route's perRequest; a longer one needs the node's listener raised too", async () => {
    const slow = await upstream("slow", "127.0.0.33", (_req, res) => setTimeout(() => res.end("done\n"), 700));
    const route = { timeout: { perRequest: { unit: "ms", value: 2000 } } };
    const short = await runSidecars([mesh({ timeout: { perRequest: { unit: "ms", value: 300 } } } as never)], {
      app: slow.address,
    });
    try {
      const reply = await send(short.address("caller"), { headers: { host: "svc.local" } });
      assert.deepEqual([reply.status, reply.body], [504, "upstream request timeout"]);
      assert.match(String(reply.headers["x-mesh-decided-by"]), /route\/main \(timeout 0\.300s\)$/);
    } finally {
      await short.stop();
    }
    // The route allows 2 s, but the node's listener still cuts at 500 ms, on the ingress side.
    const listenerShort = {
      listeners: [{ ...listener(80), timeout: { http: { perRequest: { unit: "ms", value: 500 } } } }],
    };
    const blocked = await runSidecars([mesh(route as never, listenerShort as never)], { app: slow.address });
    try {
      const reply = await send(blocked.address("caller"), { headers: { host: "svc.local" } });
      assert.equal(reply.status, 504);
      assert.equal(reply.headers["x-mesh-decided-by"], "mesh/resilience/virtualNode/app (timeout 0.500s)");
    } finally {
      await blocked.stop();
    }
    const listenerLong = {
      listeners: [{ ...listener(80), timeout: { http: { perRequest: { unit: "ms", value: 2000 } } } }],
    };
    const raised = await runSidecars([mesh(route as never, listenerLong as never)], { app: slow.address });
    try {
      assert.equal((await send(raised.address("caller"), { headers: { host: "svc.local" } })).status, 200);
    } finally {
      await raised.stop();
    }
  });
});

describe("outlier detection", () => {
  const outlier = (maxEjectionPercent: number) => ({
    listeners: [
      {
        ...listener(80),
        outlierDetection: {
          maxServerErrors: 5,
          interval: { unit: "ms", value: 100 },
          baseEjectionDuration: { unit: "ms", value: 800 },
          maxEjectionPercent,
        },
      },
    ],
  });

  it("ejects a failing endpoint among four after 5 errors, and brings it back after the ejection time", async () => {
    const hosts = await Promise.all(
      [0, 1, 2, 3].map((i) =>
        upstream(`e${i}`, `127.0.0.${40 + i}`, (_req, res, name) => {
          res.statusCode = name === "e0" ? 500 : 200;
          res.end(name);
        }),
      ),
    );
    const sidecars = await runSidecars([mesh({}, outlier(50) as never)], { app: hosts.map((h) => h.address) });
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const round = async (n: number) => {
      const bodies: string[] = [];
      for (let i = 0; i < n; i++)
        bodies.push((await send(sidecars.address("caller"), { headers: { host: "svc.local" }, agent })).body);
      return bodies;
    };
    try {
      const first = await round(40);
      assert.equal(first.filter((b) => b === "e0").length, 5, "the bad endpoint answers 5 times, then is ejected");
      const stats = (await send(sidecars.address("caller", "admin"), { path: "/stats?filter=outlier_detection" })).body;
      assert.match(stats, /outlier_detection\.ejections_enforced_consecutive_5xx: 1$/m);
      assert.match(stats, /outlier_detection\.ejections_active: 1$/m);
      assert.match(
        (await send(sidecars.address("caller", "admin"), { path: "/clusters" })).body,
        /::health_flags::\/failed_outlier_check$/m,
      );
      await new Promise((resolve) => setTimeout(resolve, 1000));
      assert.ok((await round(8)).includes("e0"), "back after the ejection time");
    } finally {
      agent.destroy();
      await sidecars.stop();
    }
  });

  it("routes to every endpoint in panic when fewer than half are left", async () => {
    const hosts = await Promise.all(
      [0, 1, 2, 3].map((i) =>
        upstream(`p${i}`, `127.0.0.${44 + i}`, (_req, res, name) => {
          res.statusCode = name === "p3" ? 200 : 500;
          res.end(name);
        }),
      ),
    );
    const sidecars = await runSidecars([mesh({}, outlier(100) as never)], { app: hosts.map((h) => h.address) });
    try {
      const bodies: string[] = [];
      for (let i = 0; i < 80; i++)
        bodies.push((await send(sidecars.address("caller"), { headers: { host: "svc.local" } })).body);
      const late = new Set(bodies.slice(-20));
      assert.ok(late.size > 1, `in panic every endpoint takes traffic again, saw ${[...late]}`);
      const stats = (await send(sidecars.address("caller", "admin"), { path: "/stats?filter=lb_healthy_panic" })).body;
      assert.match(stats, /lb_healthy_panic: [1-9]\d*$/m);
    } finally {
      await sidecars.stop();
    }
  });
});

describe("active health checks", () => {
  it("stops sending to an endpoint whose health check fails, and only 200 is healthy", async () => {
    let sick = false;
    const hosts = await Promise.all(
      [0, 1].map((i) =>
        upstream(`h${i}`, `127.0.0.${50 + i}`, (req, res, name) => {
          if (req.url === "/ping") res.statusCode = name === "h0" && sick ? 204 : 200;
          res.end(name);
        }),
      ),
    );
    const healthCheck = {
      protocol: "http",
      path: "/ping",
      intervalMillis: 100,
      timeoutMillis: 500,
      healthyThreshold: 2,
      unhealthyThreshold: 2,
    };
    const sidecars = await runSidecars([mesh({}, { listeners: [{ ...listener(80), healthCheck }] } as never)], {
      app: hosts.map((h) => h.address),
    });
    try {
      const admin = sidecars.address("caller", "admin");
      await eventually(async () =>
        /health_check\.success: [2-9]/.test((await send(admin, { path: "/stats?filter=health_check" })).body),
      );
      sick = true;
      await eventually(async () =>
        /::health_flags::\/failed_active_hc$/m.test((await send(admin, { path: "/clusters" })).body),
      );
      const bodies = await Promise.all(
        Array.from({ length: 20 }, () =>
          send(sidecars.address("caller"), { path: "/work", headers: { host: "svc.local" } }),
        ),
      );
      assert.deepEqual(new Set(bodies.map((b) => b.body)), new Set(["h1"]));
      assert.ok(
        hosts[0]?.seen.some((r) => r.url === "/ping"),
        "checks go through to the application",
      );
    } finally {
      await sidecars.stop();
    }
  });

  it("checks through the target's sidecar when the health check names its port (App Mesh allows only the listener's)", async () => {
    const hosts = await Promise.all(
      [0, 1].map((i) => upstream(`p${i}`, `127.0.0.${56 + i}`, (_req, res, name) => res.end(name))),
    );
    const healthCheck = {
      protocol: "http",
      path: "/ping",
      port: 80,
      intervalMillis: 100,
      timeoutMillis: 500,
      healthyThreshold: 2,
      unhealthyThreshold: 2,
    };
    const sidecars = await runSidecars([mesh({}, { listeners: [{ ...listener(80), healthCheck }] } as never)], {
      app: hosts.map((h) => h.address),
    });
    try {
      const admin = sidecars.address("caller", "admin");
      await eventually(async () =>
        /health_check\.healthy: 2$/m.test((await send(admin, { path: "/stats?filter=health_check" })).body),
      );
      const clusters = (await send(admin, { path: "/clusters" })).body;
      assert.equal(clusters.match(/cds_egress_resilience_app_http_80::.*::health_flags::healthy$/gm)?.length, 2);
      assert.ok(hosts.every((host) => host.seen.some((r) => r.url === "/ping")));
    } finally {
      await sidecars.stop();
    }
  });
});

describe("connection pools", () => {
  it("queues exactly maxConnections + maxPendingRequests, and overflows one more with 503 UO", async () => {
    const slow = await upstream("slow", "127.0.0.55", (_req, res) => setTimeout(() => res.end("ok"), 400));
    const connectionPool = { http: { maxConnections: 1, maxPendingRequests: 1 } };
    const sidecars = await runSidecars([mesh({}, { listeners: [{ ...listener(80), connectionPool }] } as never)], {
      app: slow.address,
    });
    try {
      const ingress = sidecars.address("app", "ingress");
      const atCapacity = await Promise.all([0, 1].map(() => send(ingress, { headers: { host: "svc.local" } })));
      assert.deepEqual(
        atCapacity.map((r) => r.status),
        [200, 200],
      );
      const over = await Promise.all([0, 1, 2].map(() => send(ingress, { headers: { host: "svc.local" } })));
      const overflowed = over.find((r) => r.status === 503);
      assert.deepEqual(over.map((r) => r.status).sort(), [200, 200, 503]);
      assert.equal(
        overflowed?.body,
        "upstream connect error or disconnect/reset before headers. reset reason: overflow",
      );
      assert.equal(overflowed?.headers["x-envoy-overloaded"], "true");
      assert.match(
        String(overflowed?.headers["x-mesh-decided-by"]),
        /^mesh\/resilience\/virtualNode\/app \(connection pool: 2 requests at once\)$/,
      );
    } finally {
      await sidecars.stop();
    }
  });
});
