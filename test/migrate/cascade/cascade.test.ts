/**
 * delete-mesh --cascade: a mesh of 200 interlinked resources goes in one command, within a bound; the
 * dry run prints the plan in App Mesh's order and writes nothing; a run that fails midway says what is
 * left, and running it again finishes the job.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { LocalBackend } from "../../../src/backend/local-backend.js";
import { CascadeError, DELETE_ORDER, deleteAll, deletionPlan } from "../../../src/migrate/cascade/cascade.js";
import { ServiceError } from "../../../src/model/service-error.js";
import type { Operation } from "../../../src/model/types.js";
import { meshJson, runMain, runMesh, tempStateDir } from "../../helpers/run-mesh.js";
import { BIG_MESH_RESOURCES, createBigMesh } from "./big-mesh.js";

const local = (stateDir: string) => new LocalBackend({ region: "us-east-1", account: "123456789012", stateDir });

describe("mesh delete-mesh --cascade", () => {
  const state = tempStateDir();
  before(async () => {
    const backend = local(state.dir);
    await createBigMesh(backend, "big");
    await backend.close();
  });
  after(() => state.cleanup());

  it("without --cascade, App Mesh refuses to delete a mesh that still has resources", async () => {
    const plain = await runMain(["delete-mesh", "--mesh-name", "big"], { stateDir: state.dir });
    assert.equal(plain.code, 254);
    assert.match(plain.stderr, /ResourceInUseException/);
  });

  it("--dry-run prints every resource in the order App Mesh requires, and deletes nothing", async () => {
    const dry = await runMain(["delete-mesh", "--mesh-name", "big", "--cascade", "--dry-run"], { stateDir: state.dir });
    assert.equal(dry.code, 0, dry.stderr);
    const lines = dry.stdout.trimEnd().split("\n");
    assert.equal(lines.length, BIG_MESH_RESOURCES + 1);
    assert.ok(lines.every((line) => line.startsWith("would delete ")));
    const kinds = lines.map((line) => line.split(" ")[2]);
    const order = ["GatewayRoute", "VirtualGateway", "Route", "VirtualService", "VirtualRouter", "VirtualNode", "Mesh"];
    assert.deepEqual([...new Set(kinds)], order);
    assert.deepEqual(
      kinds,
      [...kinds].sort((a, b) => order.indexOf(a as string) - order.indexOf(b as string)),
    );
    assert.equal(lines.at(-1), "would delete Mesh big");
    const nodes = await meshJson(["list-virtual-nodes", "--mesh-name", "big"], { stateDir: state.dir });
    assert.equal((nodes.virtualNodes as unknown[]).length, 50);
  });

  it("--dry-run alone is a usage error", async () => {
    const result = await runMain(["delete-mesh", "--mesh-name", "big", "--dry-run"], { stateDir: state.dir });
    assert.equal(result.code, 252);
    assert.match(result.stderr, /--dry-run: only with --cascade/);
  });

  it("removes the 200 resources and the mesh in one command, within 30 seconds", async () => {
    const started = Date.now();
    const result = await runMesh(["delete-mesh", "--mesh-name", "big", "--cascade"], { stateDir: state.dir });
    assert.equal(result.code, 0, result.stderr);
    assert.ok(Date.now() - started < 30_000, `took ${Date.now() - started} ms`);
    assert.equal(result.stdout.trimEnd().split("\n").length, BIG_MESH_RESOURCES + 1);
    assert.match(result.stdout, /^deleted Mesh big$/m);
    const meshes = await meshJson(["list-meshes"], { stateDir: state.dir });
    assert.deepEqual(meshes.meshes, []);
  });

  it("a missing mesh is the service's NotFoundException (exit 254)", async () => {
    const result = await runMain(["delete-mesh", "--mesh-name", "big", "--cascade"], { stateDir: state.dir });
    assert.equal(result.code, 254);
    assert.match(result.stderr, /An error occurred \(NotFoundException\) when calling the DescribeMesh operation/);
  });
});

describe("a cascade that fails midway", () => {
  const state = tempStateDir();
  after(() => state.cleanup());

  it("names what is left, and a second run deletes it", async () => {
    const backend = local(state.dir);
    await createBigMesh(backend, "flaky");
    let routeDeletes = 0;
    const failing = {
      call: (operation: Operation, input: Record<string, unknown>) => {
        if (operation.name === "DeleteRoute" && ++routeDeletes === 5) {
          return Promise.reject(new ServiceError("ServiceUnavailableException", "try again", 503));
        }
        return backend.call(operation, input);
      },
    };
    const plan = await deletionPlan(failing, "flaky");
    const deleted: string[] = [];
    const failure = await deleteAll(failing, plan, (item) => deleted.push(item.label)).catch((error: unknown) => error);
    assert.ok(failure instanceof CascadeError);
    assert.ok(failure.failure instanceof ServiceError);
    assert.equal(failure.left.length + deleted.length, plan.length);
    assert.ok(failure.left.some((item) => item.kind.id === "mesh"));
    assert.ok(failure.left.every((item) => DELETE_ORDER.indexOf(item.kind.id) >= DELETE_ORDER.indexOf("route")));

    const rest = await deletionPlan(backend, "flaky");
    assert.deepEqual(rest.map((item) => item.label).sort(), failure.left.map((item) => item.label).sort());
    await deleteAll(backend, rest, () => {});
    const meshes = await meshJson(["list-meshes"], { stateDir: state.dir });
    assert.deepEqual(meshes.meshes, []);
    await backend.close();
  });
});
