/**
 * gRPC through the mesh with a real gRPC client and servers (@grpc/grpc-js): routed by service and
 * method name, the proxy's own replies as gRPC statuses (UNIMPLEMENTED when no route matches), the
 * application's statuses passed through, and retries on gRPC's `unavailable`.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { RouteSpec } from "@aws-sdk/client-app-mesh";
import {
  type Client,
  credentials,
  type Metadata,
  makeGenericClientConstructor,
  type Server,
  status,
} from "@grpc/grpc-js";
import { CART, call, cartServer, method } from "../../helpers/grpc-cart.js";
import { backend, byRouter, listener, meshOf } from "../meshes.js";
import { type Running, runSidecars } from "../sidecars.js";

const grpcRoute = (match: Record<string, unknown>, node: string, priority: number): RouteSpec =>
  ({ priority, grpcRoute: { match, action: { weightedTargets: [{ virtualNode: node, weight: 1 }] } } }) as RouteSpec;

function cartMesh() {
  return meshOf("grpc", {
    nodes: {
      caller: { backends: [backend("cart.local")] },
      "cart-v1": { listeners: [listener(50051, "grpc")], serviceDiscovery: { dns: { hostname: "v1.cart.local" } } },
      "cart-v2": { listeners: [listener(50051, "grpc")], serviceDiscovery: { dns: { hostname: "v2.cart.local" } } },
    },
    routers: { cart: { listeners: [listener(50051, "grpc")] } },
    routes: {
      cart: {
        add: grpcRoute({ serviceName: "shop.Cart", methodName: "Add" }, "cart-v2", 1),
        cart: grpcRoute({ serviceName: "shop.Cart" }, "cart-v1", 2),
      },
    },
    services: { "cart.local": byRouter("cart") },
  });
}

describe("gRPC through the mesh", () => {
  const servers: Server[] = [];
  let sidecars: Running;
  let client: Client;

  before(async () => {
    const v1 = await cartServer("cart-v1", "127.0.0.60");
    const v2 = await cartServer("cart-v2", "127.0.0.61");
    servers.push(v1.server, v2.server);
    sidecars = await runSidecars([cartMesh()], { "cart-v1": v1.address, "cart-v2": v2.address });
    const Cart = makeGenericClientConstructor(CART, "Cart");
    client = new Cart(sidecars.address("caller"), credentials.createInsecure(), {
      "grpc.default_authority": "cart.local:50051",
    });
  });
  after(async () => {
    client.close();
    await sidecars.stop();
    for (const server of servers) server.forceShutdown();
  });

  it("routes by method name, then by service name", async () => {
    assert.deepEqual(await call(client, "Add"), { value: "cart-v2" });
    assert.deepEqual(await call(client, "Remove"), { value: "cart-v1" });
  });

  it("answers a method no route takes with UNIMPLEMENTED, naming the router", async () => {
    const Other = makeGenericClientConstructor({ Pay: method("shop.Billing", "Pay") }, "Other");
    const other = new Other(sidecars.address("caller"), credentials.createInsecure(), {
      "grpc.default_authority": "cart.local:50051",
    });
    try {
      const reply = await new Promise<{ code: number; metadata: Metadata }>((resolve) =>
        (
          other as unknown as {
            Pay: (request: Buffer, callback: (error: { code: number; metadata: Metadata }) => void) => void;
          }
        ).Pay(Buffer.from("x"), (error: { code: number; metadata: Metadata }) => resolve(error)),
      );
      assert.equal(reply.code, status.UNIMPLEMENTED);
      assert.deepEqual(reply.metadata.get("x-mesh-decided-by"), ["mesh/grpc/virtualRouter/cart (no route matches)"]);
    } finally {
      other.close();
    }
  });

  it("passes an application's error status through both sidecars to the client, as a trailers-only response", async () => {
    const failing = await cartServer("failing", "127.0.0.65", () => status.RESOURCE_EXHAUSTED);
    servers.push(failing.server);
    const through = await runSidecars([cartMesh()], { "cart-v1": failing.address, "cart-v2": failing.address });
    const Cart = makeGenericClientConstructor(CART, "Cart");
    const failingClient = new Cart(through.address("caller"), credentials.createInsecure(), {
      "grpc.default_authority": "cart.local",
    });
    try {
      const reply = await call(failingClient, "Remove");
      assert.deepEqual([reply.code, reply.details], [status.RESOURCE_EXHAUSTED, "try again"]);
      assert.equal(reply.metadata?.get("server")[0], "envoy");
    } finally {
      failingClient.close();
      await through.stop();
    }
  });

  it("retries UNAVAILABLE under the default policy", async () => {
    let calls = 0;
    const flaky = await cartServer("flaky", "127.0.0.62", () => ++calls % 2 === 1);
    servers.push(flaky.server);
    const retrying = await runSidecars([cartMesh()], { "cart-v1": flaky.address, "cart-v2": flaky.address });
    const Cart = makeGenericClientConstructor(CART, "Cart");
    const retryClient = new Cart(retrying.address("caller"), credentials.createInsecure(), {
      "grpc.default_authority": "cart.local",
    });
    try {
      assert.deepEqual(await call(retryClient, "Remove"), { value: "flaky" });
      assert.equal(calls, 2, "the first answer was UNAVAILABLE, the retry succeeded");
    } finally {
      retryClient.close();
      await retrying.stop();
    }
  });
});
