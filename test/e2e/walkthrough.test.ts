/**
 * The acceptance walkthrough, through bin/mesh.js as a real subprocess: a mesh, two versions of a
 * node, a router with an 80/20 route, and a virtual service the router provides; then list, describe,
 * update (version 2) and delete every resource, checking the JSON field by field.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { repoRoot } from "../helpers/paths.js";
import { runMesh, tempStateDir } from "../helpers/run-mesh.js";

const fixtures = join(repoRoot, "test", "fixtures", "walkthrough");
const ACCOUNT = "123456789012";
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{6})?\+00:00$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

type Json = Record<string, any>;

describe("walkthrough: a canary split on the local backend", () => {
  const state = tempStateDir();
  after(() => state.cleanup());

  async function mesh(...args: string[]): Promise<Json> {
    const result = await runMesh(args, { stateDir: state.dir, cwd: fixtures });
    assert.equal(result.stderr, "", `mesh ${args.join(" ")} wrote to stderr`);
    assert.equal(result.code, 0);
    return result.stdout === "" ? {} : (JSON.parse(result.stdout) as Json);
  }

  function assertMetadata(metadata: Json, arn: string, version: number): void {
    assert.deepEqual(Object.keys(metadata), [
      "arn",
      "createdAt",
      "lastUpdatedAt",
      "meshOwner",
      "resourceOwner",
      "uid",
      "version",
    ]);
    assert.equal(metadata.arn, arn);
    assert.match(metadata.createdAt, ISO);
    assert.match(metadata.lastUpdatedAt, ISO);
    assert.equal(metadata.meshOwner, ACCOUNT);
    assert.equal(metadata.resourceOwner, ACCOUNT);
    assert.match(metadata.uid, UUID);
    assert.equal(metadata.version, version);
  }

  const arn = (path: string) => `arn:aws:appmesh:us-east-1:${ACCOUNT}:mesh/${path}`;
  const uids = new Set<string>();

  it("creates the mesh, with the spec given in shorthand", async () => {
    const { mesh: created } = await mesh(
      "create-mesh",
      "--mesh-name",
      "colors",
      "--spec",
      "egressFilter={type=DROP_ALL}",
    );
    assert.deepEqual(Object.keys(created), ["meshName", "metadata", "spec", "status"]);
    assert.equal(created.meshName, "colors");
    assertMetadata(created.metadata, arn("colors"), 1);
    assert.deepEqual(created.spec, { egressFilter: { type: "DROP_ALL" } });
    assert.deepEqual(created.status, { status: "ACTIVE" });
    uids.add(created.metadata.uid);
  });

  it("creates virtual nodes v1 and v2 from spec files", async () => {
    for (const version of ["v1", "v2"]) {
      const { virtualNode } = await mesh(
        "create-virtual-node",
        "--mesh-name",
        "colors",
        "--virtual-node-name",
        `colors-${version}`,
        "--spec",
        `file://node-${version}.json`,
      );
      assert.deepEqual(Object.keys(virtualNode), ["meshName", "metadata", "spec", "status", "virtualNodeName"]);
      assert.equal(virtualNode.virtualNodeName, `colors-${version}`);
      assertMetadata(virtualNode.metadata, arn(`colors/virtualNode/colors-${version}`), 1);
      assert.deepEqual(virtualNode.spec.listeners, [{ portMapping: { port: 8080, protocol: "http" } }]);
      assert.deepEqual(virtualNode.spec.serviceDiscovery, { dns: { hostname: `${version}.colors.local` } });
      uids.add(virtualNode.metadata.uid);
    }
  });

  it("creates the virtual router", async () => {
    const { virtualRouter } = await mesh(
      "create-virtual-router",
      "--mesh-name",
      "colors",
      "--virtual-router-name",
      "colors-router",
      "--spec",
      "file://router.json",
    );
    assert.equal(virtualRouter.virtualRouterName, "colors-router");
    assertMetadata(virtualRouter.metadata, arn("colors/virtualRouter/colors-router"), 1);
    uids.add(virtualRouter.metadata.uid);
  });

  it("creates the 80/20 route", async () => {
    const { route } = await mesh(
      "create-route",
      "--mesh-name",
      "colors",
      "--virtual-router-name",
      "colors-router",
      "--route-name",
      "canary",
      "--spec",
      "file://route-80-20.json",
    );
    assert.deepEqual(Object.keys(route), ["meshName", "metadata", "routeName", "spec", "status", "virtualRouterName"]);
    assertMetadata(route.metadata, arn("colors/virtualRouter/colors-router/route/canary"), 1);
    assert.deepEqual(route.spec.httpRoute.action.weightedTargets, [
      { virtualNode: "colors-v1", weight: 80 },
      { virtualNode: "colors-v2", weight: 20 },
    ]);
    assert.equal(route.virtualRouterName, "colors-router");
    uids.add(route.metadata.uid);
  });

  it("creates the virtual service provided by the router, with tags", async () => {
    const { virtualService } = await mesh(
      "create-virtual-service",
      "--mesh-name",
      "colors",
      "--virtual-service-name",
      "colors.local",
      "--spec",
      '{"provider": {"virtualRouter": {"virtualRouterName": "colors-router"}}}',
      "--tags",
      "key=team,value=paint",
      "key=tier,value=front",
    );
    assertMetadata(virtualService.metadata, arn("colors/virtualService/colors.local"), 1);
    assert.deepEqual(virtualService.spec, { provider: { virtualRouter: { virtualRouterName: "colors-router" } } });
    uids.add(virtualService.metadata.uid);
    assert.equal(uids.size, 6, "every resource has its own uid");
  });

  it("lists every kind, with the model's Ref fields", async () => {
    const { meshes } = await mesh("list-meshes");
    assert.deepEqual(
      meshes.map((m: Json) => m.meshName),
      ["colors"],
    );
    assert.deepEqual(Object.keys(meshes[0]), [
      "arn",
      "createdAt",
      "lastUpdatedAt",
      "meshName",
      "meshOwner",
      "resourceOwner",
      "version",
    ]);
    const { virtualNodes } = await mesh("list-virtual-nodes", "--mesh-name", "colors");
    assert.deepEqual(
      virtualNodes.map((n: Json) => [n.virtualNodeName, n.arn, n.version]),
      [
        ["colors-v1", arn("colors/virtualNode/colors-v1"), 1],
        ["colors-v2", arn("colors/virtualNode/colors-v2"), 1],
      ],
    );
    const { routes } = await mesh("list-routes", "--mesh-name", "colors", "--virtual-router-name", "colors-router");
    assert.deepEqual(
      routes.map((r: Json) => [r.routeName, r.virtualRouterName]),
      [["canary", "colors-router"]],
    );
    const { virtualRouters } = await mesh("list-virtual-routers", "--mesh-name", "colors");
    assert.equal(virtualRouters.length, 1);
    const { virtualServices } = await mesh("list-virtual-services", "--mesh-name", "colors");
    assert.deepEqual(
      virtualServices.map((s: Json) => s.virtualServiceName),
      ["colors.local"],
    );
    const { tags } = await mesh("list-tags-for-resource", "--resource-arn", arn("colors/virtualService/colors.local"));
    assert.deepEqual(tags, [
      { key: "team", value: "paint" },
      { key: "tier", value: "front" },
    ]);
  });

  it("describes a resource as it was created", async () => {
    const { route } = await mesh(
      "describe-route",
      "--mesh-name",
      "colors",
      "--virtual-router-name",
      "colors-router",
      "--route-name",
      "canary",
    );
    assert.equal(route.metadata.version, 1);
    assert.equal(route.spec.httpRoute.match.prefix, "/");
  });

  it("updates the route to 50/50: version 2, a later lastUpdatedAt, the same uid and createdAt", async () => {
    const before = (
      await mesh(
        "describe-route",
        "--mesh-name",
        "colors",
        "--virtual-router-name",
        "colors-router",
        "--route-name",
        "canary",
      )
    ).route;
    const { route } = await mesh(
      "update-route",
      "--mesh-name",
      "colors",
      "--virtual-router-name",
      "colors-router",
      "--route-name",
      "canary",
      "--spec",
      "file://route-50-50.json",
    );
    assert.equal(route.metadata.version, 2);
    assert.equal(route.metadata.uid, before.metadata.uid);
    assert.equal(route.metadata.createdAt, before.metadata.createdAt);
    assert.ok(route.metadata.lastUpdatedAt >= before.metadata.lastUpdatedAt);
    assert.deepEqual(
      route.spec.httpRoute.action.weightedTargets.map((t: Json) => t.weight),
      [50, 50],
    );
    assert.deepEqual(route.spec.httpRoute.retryPolicy.httpRetryEvents, ["server-error"]);
    const described = await mesh(
      "describe-route",
      "--mesh-name",
      "colors",
      "--virtual-router-name",
      "colors-router",
      "--route-name",
      "canary",
    );
    assert.deepEqual(described.route, route);
  });

  it("updates the mesh with --cli-input-json: version 2", async () => {
    const { mesh: updated } = await mesh(
      "update-mesh",
      "--cli-input-json",
      '{"meshName": "colors", "spec": {"egressFilter": {"type": "ALLOW_ALL"}}}',
    );
    assert.equal(updated.metadata.version, 2);
    assert.deepEqual(updated.spec, { egressFilter: { type: "ALLOW_ALL" } });
  });

  it("deletes every resource, children first, each answering with status DELETED", async () => {
    const deletions: [string, string[], string][] = [
      ["delete-virtual-service", ["--virtual-service-name", "colors.local"], "virtualService"],
      ["delete-route", ["--virtual-router-name", "colors-router", "--route-name", "canary"], "route"],
      ["delete-virtual-router", ["--virtual-router-name", "colors-router"], "virtualRouter"],
      ["delete-virtual-node", ["--virtual-node-name", "colors-v1"], "virtualNode"],
      ["delete-virtual-node", ["--virtual-node-name", "colors-v2"], "virtualNode"],
      ["delete-mesh", [], "mesh"],
    ];
    for (const [command, names, key] of deletions) {
      const output = await mesh(command, "--mesh-name", "colors", ...names);
      assert.deepEqual(output[key].status, { status: "DELETED" }, command);
    }
    assert.deepEqual(await mesh("list-meshes"), { meshes: [] });
    const gone = await runMesh(["describe-mesh", "--mesh-name", "colors"], { stateDir: state.dir });
    assert.equal(gone.code, 254);
    assert.equal(gone.stdout, "");
    assert.match(gone.stderr, /^\nAn error occurred \(NotFoundException\) when calling the DescribeMesh operation: /);
  });
});
