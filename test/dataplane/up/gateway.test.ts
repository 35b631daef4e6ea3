/**
 * Virtual gateways in `mesh up`: gateway routes match (longest prefix first, priority, listener port,
 * path regex, hostname, headers, query, method), rewrite (Host to the target service, the matched
 * prefix to `/`, or as the route overrides), then the target service's own routing decides, with its
 * timeouts; the gateway's access log has a line for each hop through it.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { GatewayRouteSpec, VirtualGatewaySpec } from "@aws-sdk/client-app-mesh";
import { send } from "../../helpers/http-client.js";
import { startUpstream, type Upstream } from "../../helpers/upstreams.js";
import { byNode, byRouter, httpRoute, listener, meshOf } from "../meshes.js";
import { eventually, type Running, runSidecars } from "../sidecars.js";

const target = (service: string) => ({ target: { virtualService: { virtualServiceName: service } } });

function gatewayMesh(
  routes: Record<string, GatewayRouteSpec>,
  gateway: VirtualGatewaySpec = { listeners: [{ portMapping: { port: 8088, protocol: "http" } }] },
) {
  const mesh = meshOf("gw", {
    nodes: {
      books: { listeners: [listener(8080)], serviceDiscovery: { dns: { hostname: "books.local" } } },
      "books-v2": { listeners: [listener(8080)], serviceDiscovery: { dns: { hostname: "books2.local" } } },
      reviews: { listeners: [listener(9080)], serviceDiscovery: { dns: { hostname: "reviews.local" } } },
    },
    routers: { books: { listeners: [listener(8080)] } },
    routes: {
      books: {
        beta: httpRoute({ "books-v2": 1 }, { headers: [{ name: "x-beta", match: { exact: "1" } }] }, { priority: 1 }),
        all: httpRoute({ books: 1 }, {}, { priority: 2 }),
      },
    },
    services: {
      "books.local": { provider: { virtualRouter: { virtualRouterName: "books" } } },
      "reviews.local": byNode("reviews"),
    },
  });
  mesh.virtualGateways = [{ name: "ingress-gw", spec: gateway }];
  mesh.gatewayRoutes = Object.entries(routes).map(([name, spec]) => ({ name, parent: "ingress-gw", spec }));
  return mesh;
}

describe("virtual gateways", () => {
  let books: Upstream;
  let booksV2: Upstream;
  let reviews: Upstream;
  let sidecars: Running;
  const via = (path: string, headers: Record<string, string> = {}, method = "GET") =>
    send(sidecars.address("ingress-gw", "gateway"), {
      path,
      headers: { host: "shop.example.com", ...headers },
      method,
    });

  before(async () => {
    books = await startUpstream("books", "127.0.0.80");
    booksV2 = await startUpstream("books-v2", "127.0.0.81");
    reviews = await startUpstream("reviews", "127.0.0.82");
    const routes: Record<string, GatewayRouteSpec> = {
      chapters: { httpRoute: { match: { prefix: "/chapter/" }, action: target("books.local") } },
      root: { httpRoute: { match: { prefix: "/" }, action: target("reviews.local") } },
      "keep-prefix": {
        httpRoute: {
          match: { prefix: "/keep/" },
          action: { ...target("books.local"), rewrite: { prefix: { defaultPrefix: "DISABLED" } } },
        },
      },
      "custom-prefix": {
        httpRoute: {
          match: { prefix: "/old/" },
          action: { ...target("books.local"), rewrite: { prefix: { value: "/new/" } } },
        },
      },
      "exact-path": {
        httpRoute: {
          match: { path: { exact: "/legacy" } },
          action: { ...target("books.local"), rewrite: { path: { exact: "/modern" } } },
        },
      },
      "keep-host": {
        httpRoute: {
          match: { prefix: "/host/" },
          action: { ...target("books.local"), rewrite: { hostname: { defaultTargetHostname: "DISABLED" } } },
        },
      },
      "by-hostname": {
        priority: 0,
        httpRoute: {
          match: { prefix: "/", hostname: { suffix: ".reviews.example.com" } },
          action: target("reviews.local"),
        },
      },
      "posts-only": {
        priority: 0,
        httpRoute: {
          match: { prefix: "/submit", method: "POST", queryParameters: [{ name: "draft", match: { exact: "no" } }] },
          action: target("books.local"),
        },
      },
    };
    sidecars = await runSidecars([gatewayMesh(routes)], {
      books: books.address,
      "books-v2": booksV2.address,
      reviews: reviews.address,
    });
  });
  after(async () => {
    await sidecars.stop();
    await Promise.all([books.close(), booksV2.close(), reviews.close()]);
  });

  it("listens as the gateway, listed with its role and mesh port", () => {
    const entry = sidecars.listeners().find((l) => l.role === "gateway");
    assert.equal(entry?.virtualGateway, "ingress-gw");
    assert.equal(entry?.port, 8088);
  });

  it("rewrites /chapter/1 to /1 with Host set to the target service, then the service's routes decide", async () => {
    const reply = await via("/chapter/1");
    assert.equal(reply.body, "books /1\n");
    assert.equal(books.seen.at(-1)?.headers.host, "books.local");
    assert.equal(books.seen.at(-1)?.headers["x-envoy-original-path"], "/chapter/1");
    await via("/chapter/1", { "x-envoy-original-path": "/forged" });
    assert.equal(books.seen.at(-1)?.headers["x-envoy-original-path"], "/chapter/1", "set once, not added");
    assert.equal(
      (await via("/chapter/1", { "x-beta": "1" })).body,
      "books-v2 /1\n",
      "the service's header route still applies",
    );
  });

  it("takes the longest prefix first, whatever the order", async () => {
    assert.equal((await via("/about")).body, "reviews /about\n");
  });

  it("keeps the prefix, or rewrites it to a value, or rewrites an exact path, as the route says", async () => {
    assert.equal((await via("/keep/x")).body, "books /keep/x\n");
    assert.equal((await via("/old/page")).body, "books /new/page\n");
    assert.equal((await via("/legacy?q=1")).body, "books /modern?q=1\n");
  });

  it("keeps the Host when the route disables the default hostname rewrite", async () => {
    await via("/host/x");
    assert.equal(books.seen.at(-1)?.headers.host, "shop.example.com");
  });

  it("matches hostnames (suffix), methods and query parameters, priority first", async () => {
    assert.equal((await via("/chapter/2", { host: "eu.reviews.example.com" })).body, "reviews /chapter/2\n");
    assert.equal((await via("/submit?draft=no", {}, "POST")).body, "books /?draft=no\n");
    assert.equal((await via("/submit?draft=yes", {}, "POST")).body, "reviews /submit?draft=yes\n");
  });

  it("names the gateway when nothing matches", async () => {
    const lonely = await runSidecars(
      [gatewayMesh({ narrow: { httpRoute: { match: { prefix: "/narrow/" }, action: target("books.local") } } })],
      {
        books: books.address,
      },
    );
    try {
      const reply = await send(lonely.address("ingress-gw", "gateway"), { path: "/else" });
      assert.equal(reply.status, 404);
      assert.equal(reply.headers["x-mesh-decided-by"], "mesh/gw/virtualGateway/ingress-gw (no route matches)");
    } finally {
      await lonely.stop();
    }
  });
});

describe("virtual gateway listeners, matches, timeouts and access log", () => {
  let books: Upstream;
  let reviews: Upstream;
  let slow: Upstream;
  let sidecars: Running;
  const at = (port: number) =>
    sidecars.listeners().find((l) => l.role === "gateway" && l.port === port)?.address as string;
  const via = (port: number, path: string, headers: Record<string, string> = {}, method = "GET") =>
    send(at(port), { path, headers: { host: "shop.example.com", ...headers }, method });
  const NO_ROUTE = "mesh/gw2/virtualGateway/edge (no route matches)";
  const refused = async (reply: Promise<{ status: number; headers: Record<string, unknown> }>, why: string) => {
    const { status, headers } = await reply;
    assert.deepEqual([status, headers["x-mesh-decided-by"]], [404, NO_ROUTE], why);
  };

  before(async () => {
    books = await startUpstream("books", "127.0.0.83");
    reviews = await startUpstream("reviews", "127.0.0.84");
    slow = await startUpstream("slow", "127.0.0.85", (_req, res) => {
      setTimeout(() => res.end("late\n"), 1000).unref();
    });
    const mesh = meshOf("gw2", {
      nodes: {
        books: { listeners: [listener(8080)], serviceDiscovery: { dns: { hostname: "books.local" } } },
        reviews: { listeners: [listener(9080)], serviceDiscovery: { dns: { hostname: "reviews.local" } } },
        slow: { listeners: [listener(7070)], serviceDiscovery: { dns: { hostname: "slow.local" } } },
      },
      routers: { slow: { listeners: [listener(7070)] } },
      routes: {
        slow: {
          quick: {
            httpRoute: {
              match: { prefix: "/" },
              action: { weightedTargets: [{ virtualNode: "slow", weight: 1 }] },
              timeout: { perRequest: { unit: "ms", value: 300 } },
            },
          },
        },
      },
      services: { "books.local": byNode("books"), "reviews.local": byNode("reviews"), "slow.local": byRouter("slow") },
    });
    const toBooks = (prefix: string, match: Record<string, unknown>): GatewayRouteSpec =>
      ({ httpRoute: { match: { prefix, port: 8088, ...match }, action: target("books.local") } }) as GatewayRouteSpec;
    const header = (match: Record<string, unknown>, invert = false) => ({
      headers: [{ name: "x-v", match, ...(invert ? { invert } : {}) }],
    });
    const routes: Record<string, GatewayRouteSpec> = {
      "second-port": { httpRoute: { match: { prefix: "/", port: 9099 }, action: target("reviews.local") } },
      "items-regex": {
        httpRoute: { match: { path: { regex: "/items/[0-9]+" }, port: 8088 }, action: target("books.local") },
      },
      "api-host": {
        priority: 0,
        httpRoute: {
          match: { prefix: "/", hostname: { exact: "api.example.com" }, port: 8088 },
          action: target("reviews.local"),
        },
      },
      "h-exact": toBooks("/exact/", header({ exact: "1" })),
      "h-prefix": toBooks("/prefix/", header({ prefix: "ab" })),
      "h-regex": toBooks("/regex/", header({ regex: "v[0-9]+" })),
      "h-range": toBooks("/range/", header({ range: { start: 10, end: 20 } })),
      "h-invert": toBooks("/invert/", header({ exact: "no" }, true)),
      "post-only": toBooks("/post/", { method: "POST" }),
      slow: { httpRoute: { match: { prefix: "/slow/", port: 8088 }, action: target("slow.local") } },
    };
    mesh.virtualGateways = [
      {
        name: "edge",
        spec: {
          listeners: [listener(8088), listener(9099)],
          logging: { accessLog: { file: { path: "/dev/stdout" } } },
        } as VirtualGatewaySpec,
      },
    ];
    mesh.gatewayRoutes = Object.entries(routes).map(([name, spec]) => ({ name, parent: "edge", spec }));
    sidecars = await runSidecars([mesh], { books: books.address, reviews: reviews.address, slow: slow.address });
  });
  after(async () => {
    await sidecars.stop();
    await Promise.all([books.close(), reviews.close(), slow.close()]);
  });

  it("serves every gateway listener, each taking only the routes that match its port", async () => {
    assert.deepEqual(
      sidecars
        .listeners()
        .filter((l) => l.role === "gateway")
        .map((l) => l.port),
      [8088, 9099],
    );
    assert.equal((await via(9099, "/anything")).body, "reviews /anything\n");
    await refused(via(8088, "/anything"), "the catch-all route is the other listener's");
  });

  it("matches a path regex against the whole path, and keeps the path", async () => {
    assert.equal((await via(8088, "/items/42")).body, "books /items/42\n");
    await refused(via(8088, "/items/42/reviews"), "the regex must match all of the path");
  });

  it("matches an exact hostname, with or without a port, but not its subdomains", async () => {
    assert.equal((await via(8088, "/x", { host: "api.example.com" })).body, "reviews /x\n");
    assert.equal((await via(8088, "/x", { host: "api.example.com:8088" })).body, "reviews /x\n");
    await refused(via(8088, "/x", { host: "eu.api.example.com" }), "a subdomain is not the exact hostname");
  });

  it("matches headers exactly, by prefix, by regex, by range (end excluded) and inverted", async () => {
    const cases: [string, string, boolean][] = [
      ["/exact/", "1", true],
      ["/exact/", "10", false],
      ["/prefix/", "abc", true],
      ["/prefix/", "xab", false],
      ["/regex/", "v12", true],
      ["/regex/", "v1x", false],
      ["/range/", "10", true],
      ["/range/", "19", true],
      ["/range/", "20", false],
      ["/range/", "9", false],
      ["/invert/", "yes", true],
      ["/invert/", "no", false],
    ];
    for (const [prefix, value, matches] of cases) {
      const reply = via(8088, `${prefix}page`, { "x-v": value });
      if (matches) assert.equal((await reply).body, "books /page\n", `${prefix} with x-v: ${value}`);
      else await refused(reply, `${prefix} with x-v: ${value}`);
    }
  });

  it("answers another method than the route's with Envoy's 404, naming the gateway", async () => {
    assert.equal((await via(8088, "/post/form", {}, "POST")).body, "books /form\n");
    await refused(via(8088, "/post/form"), "GET is not the route's method");
  });

  it("adds no timeout of its own: the target service's route timeout answers 504", async () => {
    const reply = await via(8088, "/slow/report");
    assert.deepEqual([reply.status, reply.body], [504, "upstream request timeout"]);
    assert.match(String(reply.headers["x-mesh-decided-by"]), /virtualRouter\/slow\/route\/quick \(timeout 0\.300s\)$/);
  });

  it("logs each request in Envoy's default format, at the gateway listener and again at its egress", async () => {
    await via(8088, "/exact/logged", { "x-v": "1", "x-request-id": "gw-log-1" });
    const mine = () => sidecars.logs.filter((line) => line.includes('"gw-log-1"'));
    await eventually(() => mine().length === 2);
    for (const line of mine())
      assert.match(
        line,
        /^\[\d{4}-\d\d-\d\dT[\d:.]+Z\] "GET \/exact\/logged HTTP\/1\.1" 200 - 0 \d+ \d+ \d+ "-" "-" "gw-log-1" /,
      );
    assert.deepEqual(
      mine()
        .map((line) => /"gw-log-1" "([^"]+)"/.exec(line)?.[1])
        .sort(),
      ["books.local", "shop.example.com"],
    );
  });
});
