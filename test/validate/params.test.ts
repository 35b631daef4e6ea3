/** Client-side validation: botocore's checks, order and wording, every problem at once. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { appmesh } from "../../src/model/generated/appmesh.js";
import { checkParams, validateParams } from "../../src/validate/params.js";

const check = (shape: string, params: unknown) => validateParams(appmesh, shape, params);

describe("parameter validation", () => {
  it("a healthCheck without intervalMillis is reported at spec.listeners[0].healthCheck.intervalMillis", () => {
    const healthCheck = {
      protocol: "http",
      path: "/",
      timeoutMillis: 2000,
      healthyThreshold: 2,
      unhealthyThreshold: 2,
    };
    const input = {
      meshName: "m",
      virtualNodeName: "n",
      spec: { listeners: [{ portMapping: { port: 80, protocol: "http" }, healthCheck }] },
    };
    const [problem] = checkParams(appmesh, "CreateVirtualNodeInput", input);
    assert.equal(problem?.path, "spec.listeners[0].healthCheck.intervalMillis");
    assert.equal(problem?.botocore, 'Missing required parameter in spec.listeners[0].healthCheck: "intervalMillis"');
  });

  it("accepts a valid input", () => {
    assert.deepEqual(check("CreateMeshInput", { meshName: "m", spec: { egressFilter: { type: "DROP_ALL" } } }), []);
  });

  it("names a missing required member, at the top level as `input`", () => {
    assert.deepEqual(check("CreateMeshInput", {}), ['Missing required parameter in input: "meshName"']);
  });

  it("names a missing nested member by its dotted path", () => {
    assert.deepEqual(
      check("CreateRouteInput", {
        meshName: "m",
        routeName: "r",
        virtualRouterName: "vr",
        spec: { httpRoute: { match: { prefix: "/" }, action: { weightedTargets: [{ virtualNode: "n" }] } } },
      }),
      ['Missing required parameter in spec.httpRoute.action.weightedTargets[0]: "weight"'],
    );
  });

  it("reports an unknown member with the valid ones in model order", () => {
    assert.deepEqual(check("CreateMeshInput", { meshName: "m", color: "red" }), [
      'Unknown parameter in input: "color", must be one of: clientToken, meshName, spec, tags',
    ]);
  });

  it("a member named __proto__ is just an unknown member", () => {
    const provider = JSON.parse('{"__proto__": {"virtualNode": {"virtualNodeName": "n"}}}');
    assert.deepEqual(
      check("CreateVirtualServiceInput", { meshName: "m", virtualServiceName: "s", spec: { provider } }),
      ['Unknown parameter in spec.provider: "__proto__", must be one of: virtualNode, virtualRouter'],
    );
  });

  it("reports types with Python's names and rendering", () => {
    assert.deepEqual(check("CreateMeshInput", { meshName: 5, spec: "x" }), [
      "Invalid type for parameter meshName, value: 5, type: <class 'int'>, valid types: <class 'str'>",
      "Invalid type for parameter spec, value: x, type: <class 'str'>, valid types: <class 'dict'>",
    ]);
    assert.deepEqual(check("TagResourceInput", { resourceArn: "a", tags: { key: "k" } }), [
      "Invalid type for parameter tags, value: {'key': 'k'}, type: <class 'dict'>, valid types: <class 'list'>, <class 'tuple'>",
    ]);
  });

  it("checks minimum lengths and values, not maximums or enums (the service does)", () => {
    assert.deepEqual(check("ListMeshesInput", { limit: 0 }), [
      "Invalid value for parameter limit, value: 0, valid min value: 1",
    ]);
    assert.deepEqual(check("ListMeshesInput", { limit: 101 }), []);
    assert.deepEqual(check("CreateMeshInput", { meshName: "m", spec: { egressFilter: { type: "BLOCK" } } }), []);
  });

  it("requires exactly one member of a tagged union", () => {
    const input = (provider: unknown) => ({ meshName: "m", virtualServiceName: "s", spec: { provider } });
    assert.deepEqual(check("CreateVirtualServiceInput", input({})), [
      "Must set one of the following keys for tagged unionstructure spec.provider: virtualNode. virtualRouter.",
    ]);
    assert.deepEqual(
      check(
        "CreateVirtualServiceInput",
        input({ virtualNode: { virtualNodeName: "n" }, virtualRouter: { virtualRouterName: "r" } }),
      ),
      [
        "Invalid number of parameters set for tagged union structure spec.provider. Can only set one of the following keys: virtualNode. virtualRouter.",
      ],
    );
  });

  it("reports in botocore's order: union, missing, unknown, then members in input order", () => {
    assert.deepEqual(check("CreateMeshInput", { zzz: 1, spec: { egressFilter: {} }, tags: [{}] }), [
      'Missing required parameter in input: "meshName"',
      'Unknown parameter in input: "zzz", must be one of: clientToken, meshName, spec, tags',
      'Missing required parameter in spec.egressFilter: "type"',
      'Missing required parameter in tags[0]: "key"',
      'Missing required parameter in tags[0]: "value"',
    ]);
  });
});
