/** The composition root of the local state: both emulators on one database, whole-mesh snapshots, the change signal. */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { after, describe, it } from "node:test";
import { promisify } from "node:util";
import { openState } from "../../src/emulator/open.js";
import { ServiceError } from "../../src/model/service-error.js";
import { tempStateDir } from "../helpers/run-mesh.js";

const scope = { account: "123456789012", region: "us-east-1" };
const http = (port: number) => [{ portMapping: { port, protocol: "http" } }];

describe("the local state", () => {
  const state = tempStateDir();
  const local = openState({ stateDir: state.dir });
  after(() => {
    local.close();
    state.cleanup();
  });
  const appMesh = local.appMesh(scope);

  it("snapshots a whole mesh in the SDK's shapes, with the revision it was read at", () => {
    appMesh.call("CreateMesh", { meshName: "colors", spec: { egressFilter: { type: "ALLOW_ALL" } } });
    appMesh.call("CreateVirtualNode", {
      meshName: "colors",
      virtualNodeName: "blue",
      spec: { listeners: http(8080), serviceDiscovery: { dns: { hostname: "blue.local" } } },
    });
    appMesh.call("CreateVirtualRouter", {
      meshName: "colors",
      virtualRouterName: "r",
      spec: { listeners: http(8080) },
    });
    const action = { weightedTargets: [{ virtualNode: "blue", weight: 1 }] };
    appMesh.call("CreateRoute", {
      meshName: "colors",
      virtualRouterName: "r",
      routeName: "all",
      spec: { httpRoute: { match: { prefix: "/" }, action } },
    });
    appMesh.call("CreateMesh", { meshName: "other" });
    appMesh.call("CreateVirtualNode", { meshName: "other", virtualNodeName: "elsewhere", spec: {} });

    const snapshot = local.snapshot(scope, "colors");
    assert.equal(snapshot.mesh, "colors");
    assert.deepEqual(snapshot.meshSpec, { egressFilter: { type: "ALLOW_ALL" } });
    assert.equal(snapshot.revision, String(local.revision()));
    assert.deepEqual(
      snapshot.virtualNodes.map((node) => node.name),
      ["blue"],
    );
    assert.deepEqual(snapshot.routes, [
      { name: "all", parent: "r", spec: { httpRoute: { match: { prefix: "/" }, action } } },
    ]);
    assert.deepEqual(local.meshes(scope).sort(), ["colors", "other"]);
  });

  it("answers NotFoundException for a mesh that is not there", () => {
    assert.throws(
      () => local.snapshot(scope, "nope"),
      (error) => error instanceof ServiceError && error.code === "NotFoundException",
    );
  });

  it("bumps the revision on every write of either emulator, and not on reads or refused writes", () => {
    const before = local.revision();
    appMesh.call("CreateVirtualService", { meshName: "colors", virtualServiceName: "colors.local", spec: {} });
    local.cloudMap(scope).call("CreateHttpNamespace", { Name: "ns.local" });
    assert.equal(local.revision(), before + 2);
    appMesh.call("ListVirtualNodes", { meshName: "colors" });
    assert.throws(() => appMesh.call("CreateMesh", { meshName: "colors" }));
    assert.equal(local.revision(), before + 2);
  });

  it("tells a watcher about this process's writes at once", async () => {
    const seen: number[] = [];
    const stop = local.watch((revision) => seen.push(revision));
    appMesh.call("UpdateVirtualService", { meshName: "colors", virtualServiceName: "colors.local", spec: {} });
    await new Promise((resolve) => setImmediate(resolve));
    stop();
    assert.deepEqual(seen, [local.revision()]);
  });

  it("tells a watcher about another process's writes", async () => {
    appMesh.call("DeleteVirtualNode", { meshName: "other", virtualNodeName: "elsewhere" });
    const revision = local.revision();
    const changed = new Promise<number>((resolve) => {
      const stop = local.watch((revision) => {
        stop();
        resolve(revision);
      });
    });
    const script = `
      const { openState } = await import(${JSON.stringify(new URL("../../src/emulator/open.js", import.meta.url).href)});
      const other = openState({ stateDir: process.argv[1] });
      other.appMesh(${JSON.stringify(scope)}).call("DeleteMesh", { meshName: "other" });`;
    await promisify(execFile)(process.execPath, ["--input-type=module", "-e", script, state.dir]);
    assert.equal(await changed, revision + 1);
  });
});
