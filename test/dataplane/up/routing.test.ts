/**
 * Routing through `mesh up`'s sidecars, as App Mesh's Envoy routed: real requests from a caller's
 * egress listener, through the target's ingress listener, to real applications.
 */
import assert from "node:assert/strict";
import { Agent } from "node:http";
import { after, before, describe, it } from "node:test";
import { send } from "../../helpers/http-client.js";
import { echo, startUpstream, type Upstream } from "../../helpers/upstreams.js";
import { backend, byNode, byRouter, colors, httpRoute, listener, meshOf } from "../meshes.js";
import { eventually, type Running, runSidecars } from "../sidecars.js";

describe("routing through mesh up", () => {
  let v1: Upstream;
  let v2: Upstream;
  let sidecars: Running;
  const agent = new Agent({ keepAlive: true, maxSockets: 20 });

  before(async () => {
    v1 = await startUpstream("colors-v1", "127.0.0.2");
    v2 = await startUpstream("colors-v2", "127.0.0.3");
    sidecars = await runSidecars([colors()], { "colors-v1": v1.address, "colors-v2": v2.address });
  });
  after(async () => {
    agent.destroy();
    await sidecars.stop();
    await v1.close();
    await v2.close();
  });

  const call = (headers: Record<string, string> = {}, path = "/") =>
    send(sidecars.address("caller"), { path, headers: { host: "colors.local:8080", ...headers }, agent });

  it("splits 10,000 requests 90/10 within two points", async () => {
    const counts = { "colors-v1": 0, "colors-v2": 0 } as Record<string, number>;
    for (let batch = 0; batch < 100; batch++) {
      const replies = await Promise.all(Array.from({ length: 100 }, () => call()));
      for (const reply of replies) {
        assert.equal(reply.status, 200);
        const app = String(reply.headers["x-app"]);
        counts[app] = (counts[app] ?? 0) + 1;
      }
    }
    const share = (counts["colors-v1"] as number) / 100;
    assert.ok(share >= 88 && share <= 92, `colors-v1 got ${share}%`);
  });

  it("sends beta users to v2 only, by the header rule", async () => {
    const replies = await Promise.all(Array.from({ length: 50 }, () => call({ "x-beta-user": "true" })));
    assert.deepEqual(new Set(replies.map((r) => r.headers["x-app"])), new Set(["colors-v2"]));
  });

  it("answers with Envoy's headers, and the application gets Envoy's request headers", async () => {
    const reply = await call({ "x-beta-user": "true" }, "/hello");
    assert.equal(reply.headers.server, "envoy");
    assert.match(String(reply.headers["x-envoy-upstream-service-time"]), /^\d+$/);
    const seen = v2.seen.at(-1);
    assert.equal(seen?.url, "/hello");
    assert.equal(seen?.headers.host, "colors.local:8080");
    assert.match(String(seen?.headers["x-request-id"]), /^[0-9a-f-]{36}$/);
    assert.equal(seen?.headers["x-forwarded-proto"], "http");
    assert.equal(seen?.headers["x-envoy-expected-rq-timeout-ms"], "15000");
  });

  it("takes the virtual service with or without its port, and as an HTTP proxy's absolute URI", async () => {
    assert.equal((await send(sidecars.address("caller"), { headers: { host: "colors.local" }, agent })).status, 200);
    const proxied = await send(sidecars.address("caller"), { path: "http://colors.local:8080/abs", agent });
    assert.equal(proxied.status, 200);
    assert.match(proxied.body, / \/abs\n$/);
  });

  it("refuses a host that is not a backend of the node: the proxy's 404, decided by the egress filter", async () => {
    const reply = await send(sidecars.address("caller"), { headers: { host: "elsewhere.example:8080" }, agent });
    assert.equal(reply.status, 404);
    assert.equal(reply.body, "");
    assert.equal(reply.headers.server, "envoy");
    assert.equal(
      reply.headers["x-mesh-decided-by"],
      "mesh/colors/virtualNode/caller (egress filter DROP_ALL: not a backend of virtual node caller)",
    );
  });
});

describe("mesh up --access-log", () => {
  let v1: Upstream;
  let sidecars: Running;

  before(async () => {
    v1 = await startUpstream("colors-v1", "127.0.0.2");
    sidecars = await runSidecars(
      [colors({ "colors-v1": 100 })],
      { "colors-v1": v1.address, "colors-v2": "127.0.0.1:9" },
      {
        accessLog: "-",
      },
    );
  });
  after(async () => {
    await sidecars.stop();
    await v1.close();
  });

  it("logs every request in Envoy's default format, then the mesh object that decided a reply the proxy made itself", async () => {
    await send(sidecars.address("caller"), { path: "/ok", headers: { host: "colors.local:8080" } });
    await send(sidecars.address("caller"), { path: "/nope", headers: { host: "elsewhere.example:8080" } });
    await eventually(() => sidecars.logs.some((line) => line.includes("/nope")));
    const ok = sidecars.logs.find((line) => line.includes('"GET /ok HTTP/1.1" 200 - '));
    assert.match(ok ?? "", / "-"\n$/);
    const refused = sidecars.logs.find((line) => line.includes('"GET /nope HTTP/1.1" 404 NR '));
    assert.match(
      refused ?? "",
      / "mesh\/colors\/virtualNode\/caller \(egress filter DROP_ALL: not a backend of virtual node caller\)"\n$/,
    );
  });
});

describe("route order and egress filters", () => {
  let a: Upstream;
  let b: Upstream;
  let outside: Upstream;
  before(async () => {
    a = await startUpstream("a", "127.0.0.4");
    b = await startUpstream("b", "127.0.0.5");
    outside = await startUpstream("outside", "127.0.0.6", echo);
  });
  after(async () => {
    await a.close();
    await b.close();
    await outside.close();
  });

  const overlapping = (egressFilter: "DROP_ALL" | "ALLOW_ALL") =>
    meshOf("order", {
      spec: { egressFilter: { type: egressFilter } },
      nodes: {
        caller: { backends: [backend("svc.local")] },
        a: { listeners: [listener(80)], serviceDiscovery: { dns: { hostname: "a.local" } } },
        b: { listeners: [listener(80)], serviceDiscovery: { dns: { hostname: "b.local" } } },
        // A service the caller does not declare as a backend.
        other: { listeners: [listener(80)], serviceDiscovery: { dns: { hostname: "other.local" } } },
      },
      routers: { r: { listeners: [listener(80)] } },
      routes: {
        r: {
          // Both match /api/x; priority decides, not the longer prefix nor the name.
          "z-wide": httpRoute({ a: 1 }, { prefix: "/" }, { priority: 5 }),
          "a-narrow": httpRoute({ b: 1 }, { prefix: "/api" }, { priority: 7 }),
        },
      },
      services: { "svc.local": byRouter("r"), "other.local": byNode("other") },
    });

  it("lets priority decide between overlapping routes", async () => {
    const sidecars = await runSidecars([overlapping("DROP_ALL")], { a: a.address, b: b.address });
    try {
      const reply = await send(sidecars.address("caller"), { path: "/api/x", headers: { host: "svc.local" } });
      assert.equal(reply.headers["x-app"], "a");
    } finally {
      await sidecars.stop();
    }
  });

  it("under DROP_ALL refuses undeclared destinations; under ALLOW_ALL they pass to their own address", async () => {
    const dropping = await runSidecars([overlapping("DROP_ALL")], { a: a.address, b: b.address, other: b.address });
    try {
      const refused = await send(dropping.address("caller"), { headers: { host: "other.local" } });
      assert.equal(refused.status, 404);
      const outsideRefused = await send(dropping.address("caller"), { headers: { host: outside.address } });
      assert.equal(outsideRefused.status, 404);
    } finally {
      await dropping.stop();
    }
    const allowing = await runSidecars([overlapping("ALLOW_ALL")], { a: a.address, b: b.address });
    try {
      const passed = await send(allowing.address("caller"), { path: "/out", headers: { host: outside.address } });
      assert.equal(passed.status, 200);
      assert.equal(passed.body, "outside /out\n");
      // Declared backends still go through the mesh's routes.
      assert.equal((await send(allowing.address("caller"), { headers: { host: "svc.local" } })).headers["x-app"], "a");
    } finally {
      await allowing.stop();
    }
  });
});

describe("live changes", () => {
  let v1: Upstream;
  let v2: Upstream;
  before(async () => {
    v1 = await startUpstream("colors-v1", "127.0.0.7");
    v2 = await startUpstream("colors-v2", "127.0.0.8");
  });
  after(async () => {
    await v1.close();
    await v2.close();
  });

  it("moves traffic when the weights change under load, with no failed request", async () => {
    const sidecars = await runSidecars([colors({ "colors-v1": 100, "colors-v2": 0 })], {
      "colors-v1": v1.address,
      "colors-v2": v2.address,
    });
    const agent = new Agent({ keepAlive: true, maxSockets: 10 });
    try {
      const failures: number[] = [];
      const seen: string[] = [];
      let running = true;
      const load = Array.from({ length: 10 }, async () => {
        while (running) {
          const reply = await send(sidecars.address("caller"), { headers: { host: "colors.local" }, agent });
          if (reply.status !== 200) failures.push(reply.status);
          seen.push(String(reply.headers["x-app"]));
        }
      });
      await eventually(() => seen.length > 200);
      assert.ok(!seen.includes("colors-v2"), "weight 0 gets nothing");
      const before = seen.length;
      sidecars.source.set(colors({ "colors-v1": 0, "colors-v2": 100 }));
      await eventually(() => seen.slice(-50).every((app) => app === "colors-v2") && seen.length > before + 200);
      running = false;
      await Promise.all(load);
      assert.deepEqual(failures, []);
    } finally {
      agent.destroy();
      await sidecars.stop();
    }
  });

  it("gives new virtual nodes sidecars and drains the ones deleted", async () => {
    const sidecars = await runSidecars([colors()], { "colors-v1": v1.address, "colors-v2": v2.address });
    try {
      const mesh = colors();
      mesh.virtualNodes.push({ name: "newcomer", spec: { backends: [backend("colors.local")] } });
      const listing = sidecars.nextListing();
      sidecars.source.set(mesh);
      await listing;
      const reply = await send(sidecars.address("newcomer"), {
        headers: { host: "colors.local", "x-beta-user": "true" },
      });
      assert.equal(reply.headers["x-app"], "colors-v2");
      const gone = sidecars.nextListing();
      sidecars.source.set(colors());
      assert.ok(!(await gone).some((l) => l.virtualNode === "newcomer"));
    } finally {
      await sidecars.stop();
    }
  });
});

describe("an application on IPv6 loopback", () => {
  let v1: Upstream;
  let v2: Upstream;
  let sidecars: Running;

  before(async () => {
    v1 = await startUpstream("colors-v1", "::1");
    v2 = await startUpstream("colors-v2", "127.0.0.3");
    sidecars = await runSidecars([colors()], { "colors-v1": v1.address, "colors-v2": v2.address });
  });
  after(async () => {
    await sidecars.stop();
    await v1.close();
    await v2.close();
  });

  it("is reached through its sidecar like any other, and /clusters writes its address in brackets", async () => {
    const replies = await Promise.all(
      Array.from({ length: 30 }, () => send(sidecars.address("caller"), { headers: { host: "colors.local:8080" } })),
    );
    assert.deepEqual(new Set(replies.map((r) => r.status)), new Set([200]));
    assert.ok(replies.some((r) => r.headers["x-app"] === "colors-v1"));
    const clusters = await send(sidecars.address("colors-v1", "admin"), { path: "/clusters" });
    assert.match(clusters.body, new RegExp(`::${v1.address.replace(/[[\]]/g, "\\$&")}::rq_success::[1-9]`));
  });
});
