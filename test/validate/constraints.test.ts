/** Tier 2, model constraints: what the AWS CLI leaves to the service, in the service's words, with paths. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { appmesh } from "../../src/model/generated/appmesh.js";
import { checkConstraints } from "../../src/validate/constraints.js";

const check = (shape: string, input: unknown) =>
  checkConstraints(appmesh, shape, input).map((p) => `${p.path}: ${p.message}`);

const node = (listener: unknown) => ({ meshName: "m", virtualNodeName: "n", spec: { listeners: [listener] } });

describe("model constraints (tier 2)", () => {
  it("a port above 65535 is reported at spec.listeners[0].portMapping.port", () => {
    assert.deepEqual(check("CreateVirtualNodeInput", node({ portMapping: { port: 70000, protocol: "http" } })), [
      "spec.listeners[0].portMapping.port: Value '70000' failed to satisfy constraint: Member must have value less than or equal to 65535",
    ]);
  });

  it("an unknown enum value lists the valid ones", () => {
    assert.deepEqual(check("CreateMeshInput", { meshName: "m", spec: { egressFilter: { type: "BLOCK" } } }), [
      "spec.egressFilter.type: Value 'BLOCK' failed to satisfy constraint: Member must satisfy enum value set: [ALLOW_ALL, DROP_ALL]",
    ]);
  });

  it("a name over 255 characters", () => {
    assert.deepEqual(check("CreateMeshInput", { meshName: "x".repeat(256) }), [
      `meshName: Value '${"x".repeat(256)}' failed to satisfy constraint: Member must have length less than or equal to 255`,
    ]);
  });

  it("a healthCheck intervalMillis above 300000, and a weight above 100", () => {
    const healthCheck = {
      protocol: "http",
      path: "/",
      intervalMillis: 300001,
      timeoutMillis: 2000,
      healthyThreshold: 2,
      unhealthyThreshold: 11,
    };
    assert.deepEqual(
      check("CreateVirtualNodeInput", node({ portMapping: { port: 80, protocol: "http" }, healthCheck })),
      [
        "spec.listeners[0].healthCheck.intervalMillis: Value '300001' failed to satisfy constraint: Member must have value less than or equal to 300000",
        "spec.listeners[0].healthCheck.unhealthyThreshold: Value '11' failed to satisfy constraint: Member must have value less than or equal to 10",
      ],
    );
    const route = {
      meshName: "m",
      virtualRouterName: "r",
      routeName: "x",
      spec: { httpRoute: { match: { prefix: "/" }, action: { weightedTargets: [{ virtualNode: "a", weight: 101 }] } } },
    };
    assert.deepEqual(check("CreateRouteInput", route), [
      "spec.httpRoute.action.weightedTargets[0].weight: Value '101' failed to satisfy constraint: Member must have value less than or equal to 100",
    ]);
  });

  it("more than 10 weighted targets, and a list limit above 100", () => {
    const targets = Array.from({ length: 11 }, (_, i) => ({ virtualNode: `n${i}`, weight: 1 }));
    const route = {
      meshName: "m",
      virtualRouterName: "r",
      routeName: "x",
      spec: { tcpRoute: { action: { weightedTargets: targets } } },
    };
    assert.deepEqual(check("CreateRouteInput", route), [
      "spec.tcpRoute.action.weightedTargets: Value with 11 items failed to satisfy constraint: Member must have length less than or equal to 10",
    ]);
    assert.deepEqual(check("ListMeshesInput", { limit: 101 }), [
      "limit: Value '101' failed to satisfy constraint: Member must have value less than or equal to 100",
    ]);
  });

  it("a Cloud Map attribute key that breaks the model's pattern", () => {
    const spec = {
      serviceDiscovery: {
        awsCloudMap: { namespaceName: "ns", serviceName: "s", attributes: [{ key: "bad key", value: "v" }] },
      },
    };
    assert.deepEqual(check("CreateVirtualNodeInput", { meshName: "m", virtualNodeName: "n", spec }), [
      "spec.serviceDiscovery.awsCloudMap.attributes[0].key: Value 'bad key' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-zA-Z0-9!-~]+$",
    ]);
  });
});
