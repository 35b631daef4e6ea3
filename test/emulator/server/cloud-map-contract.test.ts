/**
 * The Cloud Map contract over the wire: every one of the model's 30 operations through
 * @aws-sdk/client-servicediscovery against `mesh serve` on port 0 answers 200, and each error the
 * emulator raises arrives as the modeled exception with its status.
 */
import "./sdk-env.js";
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { ServiceDiscovery } from "@aws-sdk/client-servicediscovery";
import { servicediscovery } from "../../../src/model/generated/servicediscovery.js";
import { type Fixture, serve } from "./server-fixture.js";

describe("Cloud Map contract through mesh serve", () => {
  let fixture: Fixture;
  let sd: ServiceDiscovery;
  const called = new Set<string>();
  before(async () => {
    fixture = await serve();
    sd = fixture.cloudMap();
  });
  after(() => fixture.stop());

  /** Calls one operation (by the SDK's method name), expects 200, and records it as covered. */
  async function ok<T extends { $metadata: { httpStatusCode?: number } }>(
    operation: string,
    call: Promise<T>,
  ): Promise<T> {
    const answer = await call;
    assert.equal(answer.$metadata.httpStatusCode, 200, operation);
    called.add(operation);
    return answer;
  }

  async function fails(call: Promise<unknown>, name: string): Promise<void> {
    await assert.rejects(call, (error: any) => {
      assert.equal(error.name, name);
      assert.equal(error.$metadata.httpStatusCode, servicediscovery.shapes[name]?.error?.status);
      return true;
    });
  }

  it("runs every operation of the model", async () => {
    const namespaceOf = async (operationId: string | undefined) =>
      (await ok("GetOperation", sd.getOperation({ OperationId: operationId }))).Operation?.Targets?.NAMESPACE;
    const http = await namespaceOf(
      (await ok("CreateHttpNamespace", sd.createHttpNamespace({ Name: "shop.local" }))).OperationId,
    );
    const privateDns = await namespaceOf(
      (await ok("CreatePrivateDnsNamespace", sd.createPrivateDnsNamespace({ Name: "internal.local", Vpc: "vpc-1" })))
        .OperationId,
    );
    const publicDns = await namespaceOf(
      (await ok("CreatePublicDnsNamespace", sd.createPublicDnsNamespace({ Name: "example.com" }))).OperationId,
    );
    await ok("GetNamespace", sd.getNamespace({ Id: http }));
    await ok("ListNamespaces", sd.listNamespaces({}));
    await ok("ListOperations", sd.listOperations({}));
    await ok("UpdateHttpNamespace", sd.updateHttpNamespace({ Id: http, Namespace: { Description: "shop" } }));
    await ok(
      "UpdatePrivateDnsNamespace",
      sd.updatePrivateDnsNamespace({ Id: privateDns, Namespace: { Description: "internal" } }),
    );
    await ok(
      "UpdatePublicDnsNamespace",
      sd.updatePublicDnsNamespace({ Id: publicDns, Namespace: { Description: "web" } }),
    );

    const { Service } = await ok(
      "CreateService",
      sd.createService({
        Name: "web",
        NamespaceId: http,
        HealthCheckCustomConfig: {},
        Tags: [{ Key: "team", Value: "a" }],
      }),
    );
    await ok("GetService", sd.getService({ Id: Service?.Id }));
    await ok("ListServices", sd.listServices({}));
    await ok("UpdateService", sd.updateService({ Id: Service?.Id, Service: { Description: "the web tier" } }));

    await ok(
      "RegisterInstance",
      sd.registerInstance({
        ServiceId: Service?.Id,
        InstanceId: "web-1",
        Attributes: { AWS_INSTANCE_IPV4: "10.0.0.1", AWS_INSTANCE_PORT: "8080", stage: "canary" },
      }),
    );
    await ok("GetInstance", sd.getInstance({ ServiceId: Service?.Id, InstanceId: "web-1" }));
    await ok("ListInstances", sd.listInstances({ ServiceId: Service?.Id }));
    await ok(
      "UpdateInstanceCustomHealthStatus",
      sd.updateInstanceCustomHealthStatus({ ServiceId: Service?.Id, InstanceId: "web-1", Status: "HEALTHY" }),
    );
    await ok("GetInstancesHealthStatus", sd.getInstancesHealthStatus({ ServiceId: Service?.Id }));
    const { Instances } = await ok(
      "DiscoverInstances",
      sd.discoverInstances({ NamespaceName: "shop.local", ServiceName: "web", QueryParameters: { stage: "canary" } }),
    );
    assert.deepEqual(
      Instances?.map((i) => i.Attributes?.AWS_INSTANCE_PORT),
      ["8080"],
    );
    const { InstancesRevision } = await ok(
      "DiscoverInstancesRevision",
      sd.discoverInstancesRevision({ NamespaceName: "shop.local", ServiceName: "web" }),
    );
    assert.equal(
      InstancesRevision,
      (await sd.discoverInstances({ NamespaceName: "shop.local", ServiceName: "web" })).InstancesRevision,
    );
    await ok(
      "UpdateServiceAttributes",
      sd.updateServiceAttributes({ ServiceId: Service?.Id, Attributes: { a: "1", b: "2" } }),
    );
    await ok("DeleteServiceAttributes", sd.deleteServiceAttributes({ ServiceId: Service?.Id, Attributes: ["a"] }));
    const { ServiceAttributes } = await ok("GetServiceAttributes", sd.getServiceAttributes({ ServiceId: Service?.Id }));
    assert.deepEqual(ServiceAttributes, { ServiceArn: Service?.Arn, Attributes: { b: "2" } });

    const arn = Service?.Arn;
    await ok("TagResource", sd.tagResource({ ResourceARN: arn, Tags: [{ Key: "tier", Value: "front" }] }));
    const { Tags } = await ok("ListTagsForResource", sd.listTagsForResource({ ResourceARN: arn }));
    assert.deepEqual(Tags?.map((t) => t.Key).sort(), ["team", "tier"]);
    await ok("UntagResource", sd.untagResource({ ResourceARN: arn, TagKeys: ["tier"] }));

    await ok("DeregisterInstance", sd.deregisterInstance({ ServiceId: Service?.Id, InstanceId: "web-1" }));
    await ok("DeleteService", sd.deleteService({ Id: Service?.Id }));
    for (const id of [http, privateDns, publicDns]) await ok("DeleteNamespace", sd.deleteNamespace({ Id: id }));

    assert.deepEqual([...called].sort(), servicediscovery.operations.map((op) => op.name).sort());
  });

  it("answers each error as the modeled exception with its status", async () => {
    const created = await sd.createHttpNamespace({ Name: "errors.local" });
    const namespace = (await sd.getOperation({ OperationId: created.OperationId })).Operation?.Targets?.NAMESPACE;
    const { Service } = await sd.createService({ Name: "svc", NamespaceId: namespace });
    await sd.registerInstance({
      ServiceId: Service?.Id,
      InstanceId: "i-1",
      Attributes: { AWS_INSTANCE_IPV4: "10.0.0.2" },
    });

    await fails(sd.getNamespace({ Id: "ns-doesnotexist0000" }), "NamespaceNotFound");
    await fails(sd.getService({ Id: "srv-doesnotexist000" }), "ServiceNotFound");
    await fails(sd.getInstance({ ServiceId: Service?.Id, InstanceId: "nope" }), "InstanceNotFound");
    await fails(sd.getOperation({ OperationId: "nope" }), "OperationNotFound");
    await fails(sd.createHttpNamespace({ Name: "errors.local" }), "NamespaceAlreadyExists");
    await fails(sd.createService({ Name: "svc", NamespaceId: namespace }), "ServiceAlreadyExists");
    await fails(sd.deleteNamespace({ Id: namespace }), "ResourceInUse");
    await fails(sd.deleteService({ Id: Service?.Id }), "ResourceInUse");
    await fails(sd.listNamespaces({ MaxResults: 5000 }), "InvalidInput");
    await fails(sd.listTagsForResource({ ResourceARN: `${Service?.Arn}-gone` }), "ResourceNotFoundException");
    await fails(
      sd.updateInstanceCustomHealthStatus({ ServiceId: Service?.Id, InstanceId: "i-1", Status: "HEALTHY" }),
      "CustomHealthNotFound",
    );
    const thirty = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`k${i}`, "v"]));
    await sd.updateServiceAttributes({ ServiceId: Service?.Id, Attributes: { first: "v" } });
    await fails(
      sd.updateServiceAttributes({ ServiceId: Service?.Id, Attributes: thirty }),
      "ServiceAttributesLimitExceededException",
    );
    const tags = Array.from({ length: 51 }, (_, i) => ({ Key: `k${i}`, Value: "v" }));
    await fails(sd.tagResource({ ResourceARN: Service?.Arn, Tags: tags }), "TooManyTagsException");
  });
});
