/**
 * The emulated App Mesh control plane, called in-process with a pinned clock and id source: metadata,
 * versions, references, delete preconditions, quotas, tags, paging, idempotency and ownership.
 */
import assert from "node:assert/strict";
import { beforeEach, describe, it } from "node:test";
import { AppMeshEmulator } from "../../../src/emulator/appmesh/service.js";
import { SqliteAppMeshStore } from "../../../src/emulator/appmesh/sqlite-store.js";
import { StateDatabase } from "../../../src/emulator/state/database.js";
import { ServiceError } from "../../../src/model/service-error.js";

const ACCOUNT = "111122223333";
const T0 = Date.UTC(2026, 0, 1, 12, 0, 0, 250);

let emulator: AppMeshEmulator;
let clock: number;

function setup(quotas = {}) {
  clock = T0;
  let ids = 0;
  emulator = new AppMeshEmulator({
    store: new SqliteAppMeshStore(StateDatabase.open(":memory:")),
    scope: { account: ACCOUNT, region: "eu-west-1" },
    now: () => clock,
    newId: () => `uid-${++ids}`,
    quotas,
  });
}

const call = (op: string, input: Record<string, unknown>) => emulator.call(op, input) as Record<string, any>;

function fails(op: string, input: Record<string, unknown>, code: string, message?: RegExp): ServiceError {
  try {
    emulator.call(op, input);
  } catch (error) {
    assert.ok(error instanceof ServiceError, String(error));
    assert.equal(error.code, code, error.message);
    if (message) assert.match(error.message, message);
    return error;
  }
  assert.fail(`${op} succeeded`);
}

const node = (name: string, spec = {}) => call("CreateVirtualNode", { meshName: "m", virtualNodeName: name, spec });
const router = (name: string) =>
  call("CreateVirtualRouter", {
    meshName: "m",
    virtualRouterName: name,
    spec: { listeners: [{ portMapping: { port: 80, protocol: "http" } }] },
  });
const routeSpec = (...targets: string[]) => ({
  httpRoute: {
    match: { prefix: "/" },
    action: { weightedTargets: targets.map((t) => ({ virtualNode: t, weight: 1 })) },
  },
});

describe("App Mesh emulator", () => {
  beforeEach(() => setup());

  describe("metadata", () => {
    it("gives each resource its ARN, a fresh uid, the clock's time, version 1 and status ACTIVE", () => {
      const { mesh } = call("CreateMesh", { meshName: "m" });
      assert.deepEqual(mesh, {
        meshName: "m",
        metadata: {
          arn: `arn:aws:appmesh:eu-west-1:${ACCOUNT}:mesh/m`,
          createdAt: new Date(T0),
          lastUpdatedAt: new Date(T0),
          meshOwner: ACCOUNT,
          resourceOwner: ACCOUNT,
          uid: "uid-1",
          version: 1,
        },
        spec: {},
        status: { status: "ACTIVE" },
      });
      router("r");
      node("n");
      const { route } = call("CreateRoute", {
        meshName: "m",
        virtualRouterName: "r",
        routeName: "x",
        spec: routeSpec("n"),
      });
      assert.equal(route.metadata.arn, `arn:aws:appmesh:eu-west-1:${ACCOUNT}:mesh/m/virtualRouter/r/route/x`);
      assert.equal(route.metadata.uid, "uid-4");
    });

    it("bumps the version and lastUpdatedAt on every update, keeping createdAt and uid", () => {
      call("CreateMesh", { meshName: "m" });
      clock += 5000;
      const first = call("UpdateMesh", { meshName: "m", spec: { egressFilter: { type: "ALLOW_ALL" } } }).mesh;
      clock += 5000;
      const second = call("UpdateMesh", { meshName: "m", spec: { egressFilter: { type: "ALLOW_ALL" } } }).mesh;
      assert.deepEqual([first.metadata.version, second.metadata.version], [2, 3]);
      assert.deepEqual(second.metadata.lastUpdatedAt, new Date(T0 + 10000));
      assert.deepEqual(second.metadata.createdAt, new Date(T0));
      assert.equal(second.metadata.uid, "uid-1");
    });

    it("answers a delete with the resource's last state and status DELETED", () => {
      call("CreateMesh", { meshName: "m" });
      const { mesh } = call("DeleteMesh", { meshName: "m" });
      assert.deepEqual(mesh.status, { status: "DELETED" });
      fails("DescribeMesh", { meshName: "m" }, "NotFoundException", /Mesh with name m is not present/);
    });

    it("keeps accounts and regions apart", () => {
      call("CreateMesh", { meshName: "m" });
      const other = new AppMeshEmulator({
        store: (emulator as unknown as { store: SqliteAppMeshStore }).store,
        scope: { account: ACCOUNT, region: "us-west-2" },
      });
      assert.deepEqual(other.call("ListMeshes", {}), { meshes: [] });
    });
  });

  describe("names and references", () => {
    beforeEach(() => call("CreateMesh", { meshName: "m" }));

    it("refuses a name with a slash, which would make one resource's ARN another's", () => {
      router("r");
      fails(
        "CreateVirtualRouter",
        { meshName: "m", virtualRouterName: "r/route/x", spec: {} },
        "BadRequestException",
        /cannot contain "\/"/,
      );
    });

    it("refuses a string that is not well-formed Unicode wherever a name or key enters", () => {
      const lone = /failed to satisfy constraint: Member must be well-formed Unicode/;
      fails("CreateMesh", { meshName: "x\ud800y" }, "BadRequestException", /Value 'x\\ud800y' at 'meshName'/);
      fails("CreateVirtualNode", { meshName: "m", virtualNodeName: "\udc00", spec: {} }, "BadRequestException", lone);
      fails("DescribeMesh", { meshName: "m\ud800" }, "BadRequestException", lone);
      const { arn } = call("DescribeMesh", { meshName: "m" }).mesh.metadata;
      fails("TagResource", { resourceArn: arn, tags: [{ key: "k\ud800", value: "v" }] }, "BadRequestException", lone);
      const backends = [{ virtualService: { virtualServiceName: "a\udfffb" } }];
      fails(
        "CreateVirtualNode",
        { meshName: "m", virtualNodeName: "n", spec: { backends } },
        "BadRequestException",
        lone,
      );
      // A pair of surrogates is one character, and welcome.
      assert.equal(
        call("CreateVirtualNode", { meshName: "m", virtualNodeName: "😀", spec: {} }).virtualNode.virtualNodeName,
        "😀",
      );
      assert.equal(
        call("DeleteVirtualNode", { meshName: "m", virtualNodeName: "😀" }).virtualNode.status.status,
        "DELETED",
      );
      fails("DescribeVirtualNode", { meshName: "m", virtualNodeName: "😀" }, "NotFoundException");
    });

    it("refuses a duplicate name with ConflictException", () => {
      node("n");
      fails("CreateVirtualNode", { meshName: "m", virtualNodeName: "n", spec: {} }, "ConflictException");
    });

    it("allows the same route name under two routers", () => {
      router("r1");
      router("r2");
      node("n");
      call("CreateRoute", { meshName: "m", virtualRouterName: "r1", routeName: "x", spec: routeSpec("n") });
      call("CreateRoute", { meshName: "m", virtualRouterName: "r2", routeName: "x", spec: routeSpec("n") });
    });

    it("needs the mesh and the parent router to exist", () => {
      fails("CreateVirtualNode", { meshName: "nope", virtualNodeName: "n", spec: {} }, "NotFoundException", /Mesh/);
      fails(
        "CreateRoute",
        { meshName: "m", virtualRouterName: "nope", routeName: "x", spec: routeSpec("n") },
        "NotFoundException",
        /VirtualRouter with name nope is not present in mesh m/,
      );
    });

    it("needs a route's target nodes to exist, on create and on update", () => {
      router("r");
      fails(
        "CreateRoute",
        { meshName: "m", virtualRouterName: "r", routeName: "x", spec: routeSpec("ghost") },
        "NotFoundException",
        new RegExp(`VirtualNode with name ghost is not present in mesh m for account ${ACCOUNT}`),
      );
      node("real");
      call("CreateRoute", { meshName: "m", virtualRouterName: "r", routeName: "x", spec: routeSpec("real") });
      fails(
        "UpdateRoute",
        { meshName: "m", virtualRouterName: "r", routeName: "x", spec: routeSpec("ghost") },
        "NotFoundException",
      );
    });

    it("needs a virtual service's provider to exist", () => {
      fails(
        "CreateVirtualService",
        { meshName: "m", virtualServiceName: "s", spec: { provider: { virtualRouter: { virtualRouterName: "r" } } } },
        "NotFoundException",
      );
    });

    it("lets a node's backend name a virtual service that does not exist yet", () => {
      node("n", { backends: [{ virtualService: { virtualServiceName: "later.local" } }] });
    });

    it("needs a gateway route's target virtual service to exist", () => {
      call("CreateVirtualGateway", {
        meshName: "m",
        virtualGatewayName: "g",
        spec: { listeners: [{ portMapping: { port: 80, protocol: "http" } }] },
      });
      const spec = {
        httpRoute: { match: { prefix: "/" }, action: { target: { virtualService: { virtualServiceName: "s" } } } },
      };
      fails(
        "CreateGatewayRoute",
        { meshName: "m", virtualGatewayName: "g", gatewayRouteName: "gr", spec },
        "NotFoundException",
      );
      call("CreateVirtualService", { meshName: "m", virtualServiceName: "s", spec: {} });
      call("CreateGatewayRoute", { meshName: "m", virtualGatewayName: "g", gatewayRouteName: "gr", spec });
    });
  });

  describe("delete preconditions (ResourceInUseException)", () => {
    beforeEach(() => call("CreateMesh", { meshName: "m" }));

    it("a mesh with resources", () => {
      node("n");
      fails("DeleteMesh", { meshName: "m" }, "ResourceInUseException", /Mesh with name m cannot be deleted/);
    });

    it("a router with routes, and a router that provides a service", () => {
      router("r");
      node("n");
      call("CreateRoute", { meshName: "m", virtualRouterName: "r", routeName: "x", spec: routeSpec("n") });
      fails("DeleteVirtualRouter", { meshName: "m", virtualRouterName: "r" }, "ResourceInUseException", /routes/);
      call("DeleteRoute", { meshName: "m", virtualRouterName: "r", routeName: "x" });
      call("CreateVirtualService", {
        meshName: "m",
        virtualServiceName: "s",
        spec: { provider: { virtualRouter: { virtualRouterName: "r" } } },
      });
      fails(
        "DeleteVirtualRouter",
        { meshName: "m", virtualRouterName: "r" },
        "ResourceInUseException",
        /VirtualRouter with name r cannot be deleted because it is a VirtualService provider/,
      );
    });

    it("a node that is a route target, and a node that provides a service", () => {
      node("n");
      router("r");
      call("CreateRoute", { meshName: "m", virtualRouterName: "r", routeName: "x", spec: routeSpec("n") });
      fails(
        "DeleteVirtualNode",
        { meshName: "m", virtualNodeName: "n" },
        "ResourceInUseException",
        /VirtualNode with name n cannot be deleted because it is the target of one or more routes\./,
      );
      node("p");
      call("CreateVirtualService", {
        meshName: "m",
        virtualServiceName: "s",
        spec: { provider: { virtualNode: { virtualNodeName: "p" } } },
      });
      fails("DeleteVirtualNode", { meshName: "m", virtualNodeName: "p" }, "ResourceInUseException", /provider/);
    });

    it("a service a gateway route targets, and a gateway with gateway routes", () => {
      call("CreateVirtualService", { meshName: "m", virtualServiceName: "s", spec: {} });
      call("CreateVirtualGateway", {
        meshName: "m",
        virtualGatewayName: "g",
        spec: { listeners: [{ portMapping: { port: 80, protocol: "http" } }] },
      });
      call("CreateGatewayRoute", {
        meshName: "m",
        virtualGatewayName: "g",
        gatewayRouteName: "gr",
        spec: {
          httpRoute: { match: { prefix: "/" }, action: { target: { virtualService: { virtualServiceName: "s" } } } },
        },
      });
      fails(
        "DeleteVirtualService",
        { meshName: "m", virtualServiceName: "s" },
        "ResourceInUseException",
        /VirtualService s is being referenced in the following: GATEWAY_ROUTE: \[uid-\d+\]/,
      );
      fails("DeleteVirtualGateway", { meshName: "m", virtualGatewayName: "g" }, "ResourceInUseException");
      call("DeleteGatewayRoute", { meshName: "m", virtualGatewayName: "g", gatewayRouteName: "gr" });
      call("DeleteVirtualGateway", { meshName: "m", virtualGatewayName: "g" });
      call("DeleteVirtualService", { meshName: "m", virtualServiceName: "s" });
    });
  });

  describe("quotas", () => {
    it("refuses a resource past its quota with LimitExceededException", () => {
      setup({ virtualNodesPerMesh: 2 });
      call("CreateMesh", { meshName: "m" });
      node("a");
      node("b");
      fails("CreateVirtualNode", { meshName: "m", virtualNodeName: "c", spec: {} }, "LimitExceededException");
    });

    it("refuses more than 50 backends per virtual node, on create and on update, however mesh.json sets quotas", () => {
      setup({ virtualNodesPerMesh: 1000 });
      call("CreateMesh", { meshName: "m" });
      const backends = (n: number) =>
        Array.from({ length: n }, (_, i) => ({ virtualService: { virtualServiceName: `s${i}.local` } }));
      node("fifty", { backends: backends(50) });
      const message = /^VirtualNode (more|fifty) would have 51 backends; the limit is 50 backends per virtual node$/;
      fails(
        "CreateVirtualNode",
        { meshName: "m", virtualNodeName: "more", spec: { backends: backends(51) } },
        "LimitExceededException",
        message,
      );
      fails(
        "UpdateVirtualNode",
        { meshName: "m", virtualNodeName: "fifty", spec: { backends: backends(51) } },
        "LimitExceededException",
        message,
      );
    });

    it("refuses the other lists of a spec past the model's maximum with BadRequestException", () => {
      const times = <T>(n: number, item: T) => Array.from({ length: n }, () => item);
      const targets = { weightedTargets: [{ virtualNode: "n", weight: 1 }] };
      const retry = (events: Record<string, string[]>) => ({
        maxRetries: 1,
        perRetryTimeout: { unit: "s", value: 1 },
        ...events,
      });
      const route = (spec: Record<string, unknown>) => ({
        meshName: "m",
        virtualRouterName: "r",
        routeName: "x",
        spec,
      });
      const cases: [string, Record<string, unknown>, string, number][] = [
        [
          "CreateRoute",
          route({
            httpRoute: {
              match: { prefix: "/" },
              action: { weightedTargets: times(11, { virtualNode: "n", weight: 1 }) },
            },
          }),
          "spec.httpRoute.action.weightedTargets",
          10,
        ],
        [
          "CreateRoute",
          route({ httpRoute: { match: { prefix: "/", headers: times(11, { name: "h" }) }, action: targets } }),
          "spec.httpRoute.match.headers",
          10,
        ],
        [
          "CreateRoute",
          route({ httpRoute: { match: { prefix: "/", queryParameters: times(11, { name: "q" }) }, action: targets } }),
          "spec.httpRoute.match.queryParameters",
          10,
        ],
        [
          "CreateRoute",
          route({ grpcRoute: { match: { metadata: times(11, { name: "m" }) }, action: targets } }),
          "spec.grpcRoute.match.metadata",
          10,
        ],
        [
          "CreateRoute",
          route({
            httpRoute: {
              match: { prefix: "/" },
              action: targets,
              retryPolicy: retry({ httpRetryEvents: times(26, "server-error") }),
            },
          }),
          "spec.httpRoute.retryPolicy.httpRetryEvents",
          25,
        ],
        [
          "CreateRoute",
          route({
            grpcRoute: { match: {}, action: targets, retryPolicy: retry({ grpcRetryEvents: times(6, "cancelled") }) },
          }),
          "spec.grpcRoute.retryPolicy.grpcRetryEvents",
          5,
        ],
        [
          "CreateRoute",
          route({
            httpRoute: {
              match: { prefix: "/" },
              action: targets,
              retryPolicy: retry({ tcpRetryEvents: times(2, "connection-error") }),
            },
          }),
          "spec.httpRoute.retryPolicy.tcpRetryEvents",
          1,
        ],
        [
          "CreateVirtualNode",
          {
            meshName: "m",
            virtualNodeName: "n",
            spec: {
              backendDefaults: {
                clientPolicy: {
                  tls: {
                    validation: {
                      trust: {
                        acm: {
                          certificateAuthorityArns: times(
                            4,
                            "arn:aws:acm-pca:eu-west-1:111122223333:certificate-authority/x",
                          ),
                        },
                      },
                    },
                  },
                },
              },
            },
          },
          "spec.backendDefaults.clientPolicy.tls.validation.trust.acm.certificateAuthorityArns",
          3,
        ],
        [
          "CreateMesh",
          { meshName: "t", tags: Array.from({ length: 51 }, (_, i) => ({ key: `k${i}`, value: "v" })) },
          "tags",
          50,
        ],
      ];
      for (const [operation, input, path, max] of cases) {
        const rule = `at '${path}' failed to satisfy constraint: Member must have length less than or equal to ${max}`;
        fails(operation, input, "BadRequestException", new RegExp(rule.replace(/[.[\]]/g, "\\$&")));
      }
    });
  });

  describe("idempotency", () => {
    it("a retry with the same client token and request returns the same resource", () => {
      const first = call("CreateMesh", { meshName: "m", clientToken: "t1" });
      const again = call("CreateMesh", { meshName: "m", clientToken: "t1" });
      assert.deepEqual(again, first);
    });

    it("a client token reused for a different request is a ConflictException", () => {
      call("CreateMesh", { meshName: "m", clientToken: "t1" });
      fails("CreateMesh", { meshName: "other", clientToken: "t1" }, "ConflictException", /clientToken/);
    });
  });

  describe("tags", () => {
    const arn = `arn:aws:appmesh:eu-west-1:${ACCOUNT}:mesh/m`;
    beforeEach(() => call("CreateMesh", { meshName: "m", tags: [{ key: "a", value: "1" }] }));

    it("upserts by key and removes by key", () => {
      call("TagResource", {
        resourceArn: arn,
        tags: [
          { key: "a", value: "2" },
          { key: "b", value: "3" },
        ],
      });
      assert.deepEqual(call("ListTagsForResource", { resourceArn: arn }).tags, [
        { key: "a", value: "2" },
        { key: "b", value: "3" },
      ]);
      call("UntagResource", { resourceArn: arn, tagKeys: ["a"] });
      assert.deepEqual(call("ListTagsForResource", { resourceArn: arn }).tags, [{ key: "b", value: "3" }]);
    });

    it("refuses the 51st tag with TooManyTagsException", () => {
      const tags = Array.from({ length: 49 }, (_, i) => ({ key: `k${i}`, value: "v" }));
      call("TagResource", { resourceArn: arn, tags });
      fails("TagResource", { resourceArn: arn, tags: [{ key: "one-more", value: "v" }] }, "TooManyTagsException");
    });

    it("pages tags and answers NotFoundException for an unknown ARN", () => {
      call("TagResource", { resourceArn: arn, tags: [{ key: "b", value: "2" }] });
      const first = call("ListTagsForResource", { resourceArn: arn, limit: 1 });
      assert.deepEqual(first.tags, [{ key: "a", value: "1" }]);
      const second = call("ListTagsForResource", { resourceArn: arn, limit: 1, nextToken: first.nextToken });
      assert.deepEqual(second, { tags: [{ key: "b", value: "2" }] });
      fails("ListTagsForResource", { resourceArn: `${arn}-x` }, "NotFoundException");
      const forged = Buffer.from(JSON.stringify({ after: -1 })).toString("base64url");
      fails("ListTagsForResource", { resourceArn: arn, nextToken: forged }, "BadRequestException", /nextToken/);
    });
  });

  describe("list paging", () => {
    beforeEach(() => {
      call("CreateMesh", { meshName: "m" });
      for (const name of ["c", "a", "e", "b", "d"]) node(name);
    });

    it("pages in name order with an opaque token, until the token is absent", () => {
      const names: string[] = [];
      let nextToken: unknown;
      do {
        const page = call("ListVirtualNodes", { meshName: "m", limit: 2, ...(nextToken ? { nextToken } : {}) });
        names.push(...page.virtualNodes.map((n: any) => n.virtualNodeName));
        nextToken = page.nextToken;
      } while (nextToken);
      assert.deepEqual(names, ["a", "b", "c", "d", "e"]);
    });

    it("refuses a limit over 100 and a token it did not issue", () => {
      fails("ListVirtualNodes", { meshName: "m", limit: 101 }, "BadRequestException", /limit/);
      fails("ListVirtualNodes", { meshName: "m", nextToken: "garbage" }, "BadRequestException", /nextToken/);
    });
  });

  describe("ownership and input", () => {
    beforeEach(() => call("CreateMesh", { meshName: "m" }));

    it("accepts the mesh's own owner and forbids a foreign one", () => {
      call("DescribeMesh", { meshName: "m", meshOwner: ACCOUNT });
      fails("DescribeMesh", { meshName: "m", meshOwner: "999999999999" }, "ForbiddenException");
    });

    it("answers input the model rejects with BadRequestException, naming each problem", () => {
      fails(
        "CreateVirtualNode",
        { meshName: "m", virtualNodeName: "n", spec: { bogus: 1 } },
        "BadRequestException",
        /bogus/,
      );
    });
  });
});

describe("App Mesh SQLite store", () => {
  it("reports a damaged row with the resource it belongs to", () => {
    const db = StateDatabase.open(":memory:");
    const store = new SqliteAppMeshStore(db);
    const scope = { account: ACCOUNT, region: "eu-west-1" };
    const damaged = new AppMeshEmulator({ store, scope });
    damaged.call("CreateMesh", { meshName: "m" });
    damaged.call("CreateVirtualNode", { meshName: "m", virtualNodeName: "n", spec: {} });
    db.write(() => db.statement("UPDATE resources SET spec = '{\"listeners\": [' WHERE name = 'n'").run());
    const arn = "arn:aws:appmesh:eu-west-1:111122223333:mesh/m/virtualNode/n";
    assert.throws(
      () => damaged.call("DescribeVirtualNode", { meshName: "m", virtualNodeName: "n" }),
      (error: Error) =>
        error.name === "StateError" &&
        error.message.startsWith(
          `The state holds a damaged VirtualNode "n" in mesh "m" (${arn}): its spec column is not JSON (`,
        ),
    );
    db.write(() => db.statement("UPDATE resources SET spec = '[]', tags = '{}' WHERE name = 'n'").run());
    assert.throws(() => damaged.call("ListVirtualNodes", { meshName: "m" }), /its spec column is not a JSON object$/);
  });

  it("fails an update or a delete that finds no row, rather than answering success having changed nothing", () => {
    const store = new SqliteAppMeshStore(StateDatabase.open(":memory:"));
    const scope = { account: ACCOUNT, region: "eu-west-1" };
    const key = { kind: "mesh", mesh: "gone", parent: "", name: "gone" } as const;
    const row = {
      ...key,
      arn: "arn:aws:appmesh:eu-west-1:111122223333:mesh/gone",
      uid: "u",
      meshOwner: ACCOUNT,
      resourceOwner: ACCOUNT,
      createdAt: T0,
      lastUpdatedAt: T0,
      version: 1,
      spec: {},
      tags: [],
    };
    assert.throws(
      () => store.write(() => store.update(scope, row)),
      /^StateError: The state has no mesh "gone" to update$/,
    );
    assert.throws(
      () => store.write(() => store.remove(scope, key)),
      /^StateError: The state has no mesh "gone" to delete$/,
    );
  });
});
