/** Resources read through the Backend interface: list and describe calls only, every page, a few at a time. */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Backend } from "../../src/backend/backend.js";
import { LocalBackend } from "../../src/backend/local-backend.js";
import { snapshotFromBackend } from "../../src/backend/mesh-snapshot.js";
import { ServiceError } from "../../src/model/service-error.js";
import { createInEmulator, WALKTHROUGH } from "../graph/meshes.js";
import { tempStateDir } from "../helpers/run-mesh.js";

describe("a mesh snapshot from a backend", () => {
  const state = tempStateDir();
  const backend = new LocalBackend({ region: "us-east-1", account: "123456789012", stateDir: state.dir });
  before(() => createInEmulator(WALKTHROUGH, state.dir));
  after(async () => {
    await backend.close();
    state.cleanup();
  });

  /** The local backend, seen through `wrap` for each call. */
  const through = (wrap: Backend["call"]): Backend => ({ call: wrap, close: async () => {} });

  it("reads every resource of the mesh, with its spec", async () => {
    const resources = await snapshotFromBackend(backend, "colors");
    assert.deepEqual(
      resources.routes.map((route) => [route.parent, route.name, route.spec.priority]),
      [
        ["colors-router", "beta", 1],
        ["colors-router", "canary", 10],
      ],
    );
    assert.deepEqual(
      resources.virtualNodes.map((node) => node.name),
      ["audit", "colors-v1", "colors-v2"],
    );
    assert.equal(resources.gatewayRoutes[0]?.parent, "colors-gw");
  });

  it("follows every page of every list", async () => {
    const onePerPage = through((op, input) => backend.call(op, op.paginator ? { ...input, limit: 1 } : input));
    assert.deepEqual(await snapshotFromBackend(onePerPage, "colors"), await snapshotFromBackend(backend, "colors"));
  });

  it("makes list and describe calls only", async () => {
    const calls: string[] = [];
    await snapshotFromBackend(
      through((op, input) => {
        calls.push(op.name);
        return backend.call(op, input);
      }),
      "colors",
    );
    assert.deepEqual(
      calls.filter((name) => !/^(List|Describe)/.test(name)),
      [],
    );
    assert.equal(calls[0], "DescribeMesh");
  });

  it("a missing mesh is the service's NotFoundException, naming DescribeMesh", async () => {
    await assert.rejects(
      snapshotFromBackend(backend, "nope"),
      (error) =>
        error instanceof ServiceError && error.code === "NotFoundException" && error.operation === "DescribeMesh",
    );
  });

  it("has at most 8 calls in flight at once", async () => {
    let running = 0;
    let most = 0;
    const slow = through(async (op, input) => {
      most = Math.max(most, ++running);
      await new Promise((resume) => setTimeout(resume, 2));
      running--;
      return backend.call(op, input);
    });
    await snapshotFromBackend(slow, "colors");
    assert.ok(most > 1 && most <= 8, `${most} calls in flight`);
  });
});
