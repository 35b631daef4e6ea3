/**
 * Cloud Map's JSON 1.1 protocol on the same server: @aws-sdk/client-servicediscovery, unchanged,
 * reaches the Cloud Map emulator through `X-Amz-Target`, and its errors arrive as the modeled
 * exceptions; App Mesh's rest-json keeps answering beside it.
 */
import "./sdk-env.js";
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { ServiceDiscovery } from "@aws-sdk/client-servicediscovery";
import { type Fixture, serve } from "./server-fixture.js";

const T0 = 1_700_000_000_123;

describe("Cloud Map over HTTP with @aws-sdk/client-servicediscovery", () => {
  let fixture: Fixture;
  let cloudMap: ServiceDiscovery;
  before(async () => {
    fixture = await serve({ cloudMap: { now: () => T0 } });
    cloudMap = fixture.cloudMap();
  });
  after(() => fixture.stop());

  it("creates a namespace and a service, registers an instance and discovers it", async () => {
    const { OperationId } = await cloudMap.createHttpNamespace({ Name: "colors.local" });
    const { Operation } = await cloudMap.getOperation({ OperationId });
    assert.equal(Operation?.Status, "SUCCESS");
    assert.deepEqual(Operation?.CreateDate, new Date(T0), "timestamps arrive as epoch seconds");
    const NamespaceId = Operation?.Targets?.NAMESPACE;
    const { Service } = await cloudMap.createService({ Name: "blue", NamespaceId });
    await cloudMap.registerInstance({
      ServiceId: Service?.Id,
      InstanceId: "blue-1",
      Attributes: { AWS_INSTANCE_IPV4: "10.0.0.1" },
    });
    const { Instances } = await cloudMap.discoverInstances({ NamespaceName: "colors.local", ServiceName: "blue" });
    assert.deepEqual(
      Instances?.map((i) => [i.InstanceId, i.Attributes?.AWS_INSTANCE_IPV4]),
      [["blue-1", "10.0.0.1"]],
    );
  });

  it("answers errors as the modeled exception, with the modeled status", async () => {
    await assert.rejects(cloudMap.getNamespace({ Id: "ns-doesnotexist0000" }), (error: any) => {
      assert.equal(error.name, "NamespaceNotFound");
      assert.equal(error.$metadata.httpStatusCode, 400);
      assert.ok(error.message);
      return true;
    });
  });

  it("answers an unknown target with 400 UnknownOperationException", async () => {
    const response = await fetch(fixture.server.url, {
      method: "POST",
      headers: { "x-amz-target": "Route53AutoNaming_v20170314.Teleport", "content-type": "application/x-amz-json-1.1" },
      body: "{}",
    });
    assert.equal(response.status, 400);
    assert.equal(((await response.json()) as { __type: string }).__type, "UnknownOperationException");
  });

  it("answers malformed JSON with 400 InvalidInput", async () => {
    const response = await fetch(fixture.server.url, {
      method: "POST",
      headers: {
        "x-amz-target": "Route53AutoNaming_v20170314.ListNamespaces",
        "content-type": "application/x-amz-json-1.1",
      },
      body: "{",
    });
    assert.equal(response.status, 400);
    assert.equal(((await response.json()) as { __type: string }).__type, "InvalidInput");
  });

  it("leaves App Mesh's rest-json answering beside it", async () => {
    const listed = await fixture.client().listMeshes({});
    assert.equal(listed.$metadata.httpStatusCode, 200);
  });
});
