/**
 * gRPC through a virtual gateway in `mesh up`, with a real gRPC client and servers: gateway routes
 * match by service name and metadata (priority first), then the target service's own routes pick by
 * method; a service no gateway route takes is UNIMPLEMENTED, naming the gateway.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { GatewayRouteSpec, RouteSpec } from "@aws-sdk/client-app-mesh";
import { type Client, credentials, makeGenericClientConstructor, type Server, status } from "@grpc/grpc-js";
import { CART, call, cartServer, method } from "../../helpers/grpc-cart.js";
import { byNode, byRouter, listener, meshOf } from "../meshes.js";
import { type Running, runSidecars } from "../sidecars.js";

const toNode = (match: Record<string, unknown>, node: string, priority: number): RouteSpec =>
  ({ priority, grpcRoute: { match, action: { weightedTargets: [{ virtualNode: node, weight: 1 }] } } }) as RouteSpec;

const toService = (service: string, match: Record<string, unknown>, priority?: number): GatewayRouteSpec =>
  ({
    ...(priority === undefined ? {} : { priority }),
    grpcRoute: { match, action: { target: { virtualService: { virtualServiceName: service } } } },
  }) as GatewayRouteSpec;

function edgeMesh() {
  const mesh = meshOf("grpc-gw", {
    nodes: {
      "cart-v1": { listeners: [listener(50051, "grpc")], serviceDiscovery: { dns: { hostname: "v1.cart.local" } } },
      "cart-v2": { listeners: [listener(50051, "grpc")], serviceDiscovery: { dns: { hostname: "v2.cart.local" } } },
    },
    routers: { cart: { listeners: [listener(50051, "grpc")] } },
    routes: {
      cart: {
        add: toNode({ serviceName: "shop.Cart", methodName: "Add" }, "cart-v2", 1),
        rest: toNode({ serviceName: "shop.Cart" }, "cart-v1", 2),
      },
    },
    services: { "cart.local": byRouter("cart"), "cart-beta.local": byNode("cart-v2") },
  });
  mesh.virtualGateways = [{ name: "edge", spec: { listeners: [{ portMapping: { port: 8443, protocol: "grpc" } }] } }];
  const routes: Record<string, GatewayRouteSpec> = {
    beta: toService(
      "cart-beta.local",
      { serviceName: "shop.Cart", metadata: [{ name: "x-beta", match: { exact: "1" } }] },
      0,
    ),
    cart: toService("cart.local", { serviceName: "shop.Cart" }, 1),
  };
  mesh.gatewayRoutes = Object.entries(routes).map(([name, spec]) => ({ name, parent: "edge", spec }));
  return mesh;
}

describe("gRPC through a virtual gateway", () => {
  const servers: Server[] = [];
  const clients: Client[] = [];
  let sidecars: Running;
  let cart: Client;

  before(async () => {
    const v1 = await cartServer("cart-v1", "127.0.0.63");
    const v2 = await cartServer("cart-v2", "127.0.0.64");
    servers.push(v1.server, v2.server);
    sidecars = await runSidecars([edgeMesh()], { "cart-v1": v1.address, "cart-v2": v2.address });
    const Cart = makeGenericClientConstructor(CART, "Cart");
    cart = new Cart(sidecars.address("edge", "gateway"), credentials.createInsecure());
    clients.push(cart);
  });
  after(async () => {
    for (const client of clients) client.close();
    await sidecars.stop();
    for (const server of servers) server.forceShutdown();
  });

  it("routes by service name to the target service, whose routes then pick by method", async () => {
    assert.deepEqual(await call(cart, "Add"), { value: "cart-v2" });
    assert.deepEqual(await call(cart, "Remove"), { value: "cart-v1" });
  });

  it("matches metadata, priority first", async () => {
    assert.deepEqual(await call(cart, "Remove", { "x-beta": "1" }), { value: "cart-v2" });
    assert.deepEqual(await call(cart, "Remove", { "x-beta": "0" }), { value: "cart-v1" });
  });

  it("answers a service no gateway route takes with UNIMPLEMENTED, naming the gateway", async () => {
    const Billing = makeGenericClientConstructor({ Pay: method("shop.Billing", "Pay") }, "Billing");
    const billing = new Billing(sidecars.address("edge", "gateway"), credentials.createInsecure());
    clients.push(billing);
    const reply = await call(billing, "Pay");
    assert.equal(reply.code, status.UNIMPLEMENTED);
    assert.match(String(reply.metadata?.get("x-mesh-decided-by")[0]), /^mesh\/grpc-gw\/virtualGateway\/edge\b/);
  });
});
