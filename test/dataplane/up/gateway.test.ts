/**
 * Virtual gateways in `mesh up`: gateway routes match (longest prefix first, priority, hostname,
 * headers, query, method), rewrite (Host to the target service, the matched prefix to `/`, or as the
 * route overrides), then the target service's own routing decides.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { GatewayRouteSpec, VirtualGatewaySpec } from "@aws-sdk/client-app-mesh";
import { send } from "../../helpers/http-client.js";
import { startUpstream, type Upstream } from "../../helpers/upstreams.js";
import { byNode, httpRoute, listener, meshOf } from "../meshes.js";
import { type Running, runSidecars } from "../sidecars.js";

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
      [gatewayMesh({ only: { httpRoute: { match: { prefix: "/only/" }, action: target("books.local") } } })],
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
