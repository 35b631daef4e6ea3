/**
 * The contract: @aws-sdk/client-app-mesh, unchanged, against `mesh serve`. Every one of the 38
 * operations answers 200 with the shapes the SDK parses, and every error the emulator raises reaches
 * the SDK as its modeled exception with its modeled status.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { AppMesh } from "@aws-sdk/client-app-mesh";
import { appmesh } from "../../../src/model/generated/appmesh.js";
import { ACCOUNT, type Fixture, REGION, serve } from "./server-fixture.js";

const T0 = 1_700_000_000_123;
const listener = { portMapping: { port: 8080, protocol: "http" as const } };
/** A virtual node's spec with a listener, and the service discovery a listener requires. */
const nodeSpec = { listeners: [listener], serviceDiscovery: { dns: { hostname: "node.local" } } };

async function fails(call: Promise<unknown>, name: string, status: number, message?: RegExp): Promise<void> {
  await assert.rejects(call, (error: any) => {
    assert.equal(error.name, name, error.message);
    assert.equal(error.$metadata.httpStatusCode, status);
    if (message) assert.match(error.message, message);
    return true;
  });
}

describe("App Mesh over HTTP with @aws-sdk/client-app-mesh", () => {
  let fixture: Fixture;
  let mesh: AppMesh;
  let clock = T0;
  const exercised = new Set<string>();

  before(async () => {
    fixture = await serve({ appMesh: { now: () => clock } });
    mesh = fixture.client();
    mesh.middlewareStack.add(
      (next, context) => (args) => {
        exercised.add(String(context.commandName).replace(/Command$/, ""));
        return next(args);
      },
      { step: "initialize" },
    );
  });
  after(() => fixture.stop());

  describe("the operations", () => {
    it("meshes: create, describe, update, list, delete", async () => {
      const created = await mesh.createMesh({ meshName: "colors", spec: { egressFilter: { type: "DROP_ALL" } } });
      assert.equal(created.$metadata.httpStatusCode, 200);
      assert.equal(created.mesh?.meshName, "colors");
      assert.equal(created.mesh?.metadata?.arn, `arn:aws:appmesh:${REGION}:${ACCOUNT}:mesh/colors`);
      assert.deepEqual(created.mesh?.status, { status: "ACTIVE" });

      const described = await mesh.describeMesh({ meshName: "colors" });
      assert.deepEqual(described.mesh, created.mesh);

      const updated = await mesh.updateMesh({ meshName: "colors", spec: { egressFilter: { type: "ALLOW_ALL" } } });
      assert.equal(updated.mesh?.metadata?.version, 2);
      assert.equal(updated.mesh?.spec?.egressFilter?.type, "ALLOW_ALL");

      const listed = await mesh.listMeshes({});
      assert.deepEqual(
        listed.meshes?.map((m) => [m.meshName, m.version]),
        [["colors", 2]],
      );

      const deleted = await mesh.deleteMesh({ meshName: "colors" });
      assert.deepEqual(deleted.mesh?.status, { status: "DELETED" });
    });

    it("virtual nodes: create, describe, update, list in pages, delete", async () => {
      await mesh.createMesh({ meshName: "nodes" });
      for (const name of ["a", "b", "c"]) {
        const { virtualNode } = await mesh.createVirtualNode({
          meshName: "nodes",
          virtualNodeName: name,
          spec: nodeSpec,
        });
        assert.equal(virtualNode?.virtualNodeName, name);
      }
      const described = await mesh.describeVirtualNode({ meshName: "nodes", virtualNodeName: "a" });
      assert.equal(described.virtualNode?.spec?.listeners?.[0]?.portMapping?.port, 8080);
      const updated = await mesh.updateVirtualNode({ meshName: "nodes", virtualNodeName: "a", spec: {} });
      assert.equal(updated.virtualNode?.metadata?.version, 2);

      const first = await mesh.listVirtualNodes({ meshName: "nodes", limit: 2 });
      assert.deepEqual(
        first.virtualNodes?.map((n) => n.virtualNodeName),
        ["a", "b"],
      );
      assert.ok(first.nextToken);
      const second = await mesh.listVirtualNodes({ meshName: "nodes", limit: 2, nextToken: first.nextToken });
      assert.deepEqual(
        second.virtualNodes?.map((n) => n.virtualNodeName),
        ["c"],
      );
      assert.equal(second.nextToken, undefined);

      const deleted = await mesh.deleteVirtualNode({ meshName: "nodes", virtualNodeName: "c" });
      assert.deepEqual(deleted.virtualNode?.status, { status: "DELETED" });
    });

    it("virtual routers and routes: create, describe, update, list, delete", async () => {
      await mesh.createMesh({ meshName: "routing" });
      await mesh.createVirtualNode({ meshName: "routing", virtualNodeName: "v1", spec: nodeSpec });
      const router = await mesh.createVirtualRouter({
        meshName: "routing",
        virtualRouterName: "r",
        spec: { listeners: [listener] },
      });
      assert.equal(router.virtualRouter?.virtualRouterName, "r");
      assert.equal(
        (await mesh.describeVirtualRouter({ meshName: "routing", virtualRouterName: "r" })).virtualRouter?.metadata
          ?.version,
        1,
      );
      const routerV2 = await mesh.updateVirtualRouter({
        meshName: "routing",
        virtualRouterName: "r",
        spec: { listeners: [listener] },
      });
      assert.equal(routerV2.virtualRouter?.metadata?.version, 2);
      assert.deepEqual(
        (await mesh.listVirtualRouters({ meshName: "routing" })).virtualRouters?.map((r) => r.virtualRouterName),
        ["r"],
      );

      const spec = {
        httpRoute: { match: { prefix: "/" }, action: { weightedTargets: [{ virtualNode: "v1", weight: 1 }] } },
      };
      const route = await mesh.createRoute({ meshName: "routing", virtualRouterName: "r", routeName: "all", spec });
      assert.equal(route.route?.virtualRouterName, "r");
      assert.equal(
        route.route?.metadata?.arn,
        `arn:aws:appmesh:${REGION}:${ACCOUNT}:mesh/routing/virtualRouter/r/route/all`,
      );
      const described = await mesh.describeRoute({ meshName: "routing", virtualRouterName: "r", routeName: "all" });
      assert.equal(described.route?.spec?.httpRoute?.action?.weightedTargets?.[0]?.virtualNode, "v1");
      const updated = await mesh.updateRoute({ meshName: "routing", virtualRouterName: "r", routeName: "all", spec });
      assert.equal(updated.route?.metadata?.version, 2);
      assert.deepEqual(
        (await mesh.listRoutes({ meshName: "routing", virtualRouterName: "r" })).routes?.map((r) => r.routeName),
        ["all"],
      );
      await mesh.deleteRoute({ meshName: "routing", virtualRouterName: "r", routeName: "all" });
      const deleted = await mesh.deleteVirtualRouter({ meshName: "routing", virtualRouterName: "r" });
      assert.deepEqual(deleted.virtualRouter?.status, { status: "DELETED" });
    });

    it("virtual services: create, describe, update, list, delete", async () => {
      await mesh.createMesh({ meshName: "services" });
      await mesh.createVirtualNode({ meshName: "services", virtualNodeName: "n", spec: {} });
      const created = await mesh.createVirtualService({
        meshName: "services",
        virtualServiceName: "api.local",
        spec: {},
        tags: [{ key: "team", value: "paint" }],
      });
      assert.equal(created.virtualService?.virtualServiceName, "api.local");
      const updated = await mesh.updateVirtualService({
        meshName: "services",
        virtualServiceName: "api.local",
        spec: { provider: { virtualNode: { virtualNodeName: "n" } } },
      });
      assert.equal(updated.virtualService?.metadata?.version, 2);
      const described = await mesh.describeVirtualService({ meshName: "services", virtualServiceName: "api.local" });
      assert.equal(described.virtualService?.spec?.provider?.virtualNode?.virtualNodeName, "n");
      assert.deepEqual(
        (await mesh.listVirtualServices({ meshName: "services" })).virtualServices?.map((s) => s.virtualServiceName),
        ["api.local"],
      );
      await mesh.deleteVirtualService({ meshName: "services", virtualServiceName: "api.local" });
    });

    it("virtual gateways and gateway routes: create, describe, update, list, delete", async () => {
      await mesh.createMesh({ meshName: "edge" });
      await mesh.createVirtualService({ meshName: "edge", virtualServiceName: "web.local", spec: {} });
      const gateway = await mesh.createVirtualGateway({
        meshName: "edge",
        virtualGatewayName: "g",
        spec: { listeners: [listener] },
      });
      assert.equal(gateway.virtualGateway?.virtualGatewayName, "g");
      assert.equal(
        (await mesh.describeVirtualGateway({ meshName: "edge", virtualGatewayName: "g" })).virtualGateway?.metadata
          ?.version,
        1,
      );
      const gatewayV2 = await mesh.updateVirtualGateway({
        meshName: "edge",
        virtualGatewayName: "g",
        spec: { listeners: [listener] },
      });
      assert.equal(gatewayV2.virtualGateway?.metadata?.version, 2);
      assert.deepEqual(
        (await mesh.listVirtualGateways({ meshName: "edge" })).virtualGateways?.map((g) => g.virtualGatewayName),
        ["g"],
      );

      const spec = {
        httpRoute: {
          match: { prefix: "/" },
          action: { target: { virtualService: { virtualServiceName: "web.local" } } },
        },
      };
      const key = { meshName: "edge", virtualGatewayName: "g", gatewayRouteName: "web" };
      const route = await mesh.createGatewayRoute({ ...key, spec });
      assert.equal(route.gatewayRoute?.gatewayRouteName, "web");
      const described = await mesh.describeGatewayRoute(key);
      assert.equal(
        described.gatewayRoute?.spec?.httpRoute?.action?.target?.virtualService?.virtualServiceName,
        "web.local",
      );
      assert.equal((await mesh.updateGatewayRoute({ ...key, spec })).gatewayRoute?.metadata?.version, 2);
      assert.deepEqual(
        (await mesh.listGatewayRoutes({ meshName: "edge", virtualGatewayName: "g" })).gatewayRoutes?.map(
          (r) => r.gatewayRouteName,
        ),
        ["web"],
      );
      await mesh.deleteGatewayRoute(key);
      await mesh.deleteVirtualGateway({ meshName: "edge", virtualGatewayName: "g" });
    });

    it("tags: tag, list, untag by ARN (an ARN in the query string)", async () => {
      const { mesh: created } = await mesh.createMesh({ meshName: "tagged", tags: [{ key: "a", value: "1" }] });
      const resourceArn = created?.metadata?.arn;
      const tagged = await mesh.tagResource({ resourceArn, tags: [{ key: "b", value: "2" }] });
      assert.equal(tagged.$metadata.httpStatusCode, 200);
      assert.deepEqual((await mesh.listTagsForResource({ resourceArn })).tags, [
        { key: "a", value: "1" },
        { key: "b", value: "2" },
      ]);
      await mesh.untagResource({ resourceArn, tagKeys: ["a"] });
      assert.deepEqual((await mesh.listTagsForResource({ resourceArn })).tags, [{ key: "b", value: "2" }]);
    });
  });

  describe("timestamps", () => {
    it("the SDK parses createdAt and lastUpdatedAt as the Dates the emulator stored, to the millisecond", async () => {
      clock = T0;
      const created = await mesh.createMesh({ meshName: "clocked" });
      assert.deepEqual(created.mesh?.metadata?.createdAt, new Date(T0));
      clock = T0 + 61_001;
      const updated = await mesh.updateMesh({ meshName: "clocked", spec: {} });
      assert.deepEqual(updated.mesh?.metadata?.createdAt, new Date(T0));
      assert.deepEqual(updated.mesh?.metadata?.lastUpdatedAt, new Date(T0 + 61_001));
      const listed = await mesh.listMeshes({});
      const ref = listed.meshes?.find((m) => m.meshName === "clocked");
      assert.deepEqual(ref?.createdAt, new Date(T0));
    });

    it("sends them as epoch seconds, a JSON number", async () => {
      const response = await fetch(`${fixture.server.url}/v20190125/meshes/clocked`);
      const body = await response.text();
      assert.match(body, /"createdAt":1700000000\.123[,}]/);
    });
  });

  describe("errors, with their modeled status", () => {
    before(async () => {
      await mesh.createMesh({ meshName: "errors" });
      await mesh.createVirtualNode({ meshName: "errors", virtualNodeName: "n", spec: {} });
    });

    it("NotFoundException 404: a mesh that does not exist", async () => {
      await fails(
        mesh.describeMesh({ meshName: "nope" }),
        "NotFoundException",
        404,
        /Mesh with name nope is not present/,
      );
    });

    it("ConflictException 409: a name already taken", async () => {
      await fails(mesh.createMesh({ meshName: "errors" }), "ConflictException", 409, /already exists/);
    });

    it("ResourceInUseException 409: deleting a mesh that still has resources", async () => {
      await fails(mesh.deleteMesh({ meshName: "errors" }), "ResourceInUseException", 409, /cannot be deleted/);
    });

    it("BadRequestException 400: a limit out of range", async () => {
      await fails(mesh.listVirtualNodes({ meshName: "errors", limit: 0 }), "BadRequestException", 400, /limit/);
    });

    it("LimitExceededException 400: a fourth virtual gateway in a mesh", async () => {
      for (const name of ["g1", "g2", "g3"]) {
        await mesh.createVirtualGateway({
          meshName: "errors",
          virtualGatewayName: name,
          spec: { listeners: [listener] },
        });
      }
      await fails(
        mesh.createVirtualGateway({ meshName: "errors", virtualGatewayName: "g4", spec: { listeners: [listener] } }),
        "LimitExceededException",
        400,
      );
    });

    it("TooManyTagsException 400: tags that would take a resource past 50", async () => {
      const { virtualNode } = await mesh.describeVirtualNode({ meshName: "errors", virtualNodeName: "n" });
      const resourceArn = virtualNode?.metadata?.arn;
      const tags = (from: number, count: number) =>
        Array.from({ length: count }, (_, i) => ({ key: `k${from + i}`, value: "v" }));
      await mesh.tagResource({ resourceArn, tags: tags(0, 30) });
      await fails(mesh.tagResource({ resourceArn, tags: tags(30, 21) }), "TooManyTagsException", 400);
    });

    it("ForbiddenException 403: a mesh owner that is not the mesh's", async () => {
      await fails(mesh.describeMesh({ meshName: "errors", meshOwner: "999999999999" }), "ForbiddenException", 403);
    });
  });

  it("has exercised every operation of the model", () => {
    assert.deepEqual([...exercised].sort(), appmesh.operations.map((op) => op.name).sort());
  });
});
