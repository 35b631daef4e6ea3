/** Cloud Map namespaces: the three kinds, their operations, updates, deletion, conflicts and request ids. */
import assert from "node:assert/strict";
import { beforeEach, describe, it } from "node:test";
import { CloudMapEmulator } from "../../../src/emulator/servicediscovery/service.js";
import { SqliteCloudMapStore } from "../../../src/emulator/servicediscovery/sqlite-store.js";
import { StateDatabase } from "../../../src/emulator/state/database.js";
import { ACCOUNT, Harness, REGION, T0 } from "./harness.js";

let h: Harness;

describe("Cloud Map namespaces", () => {
  beforeEach(() => {
    h = new Harness();
  });

  describe("creation", () => {
    it("CreateHttpNamespace answers an operation id that GetOperation reports as a successful CREATE_NAMESPACE", () => {
      const { OperationId } = h.call("CreateHttpNamespace", { Name: "colors.local" });
      assert.match(OperationId, /^[a-z0-9]{32}-[a-z0-9]{8}$/);
      assert.deepEqual(h.call("GetOperation", { OperationId }), {
        Operation: {
          CreateDate: new Date(T0),
          Id: OperationId,
          Status: "SUCCESS",
          Targets: { NAMESPACE: "ns-0000000000000001" },
          Type: "CREATE_NAMESPACE",
          UpdateDate: new Date(T0),
        },
      });
    });

    it("GetNamespace returns an HTTP namespace with its ARN, HttpName and service count", () => {
      const id = h.namespace("colors.local", "CreateHttpNamespace", {
        Description: "paint",
        CreatorRequestId: "req-1",
      });
      assert.deepEqual(h.call("GetNamespace", { Id: id }), {
        Namespace: {
          Arn: `arn:aws:servicediscovery:${REGION}:${ACCOUNT}:namespace/${id}`,
          CreateDate: new Date(T0),
          CreatorRequestId: "req-1",
          Description: "paint",
          Id: id,
          Name: "colors.local",
          Properties: { DnsProperties: {}, HttpProperties: { HttpName: "colors.local" } },
          ServiceCount: 0,
          Type: "HTTP",
        },
      });
    });

    it("private and public DNS namespaces get a hosted zone and keep their SOA", () => {
      const soa = { DnsProperties: { SOA: { TTL: 60 } } };
      const privateId = h.namespace("corp.internal", "CreatePrivateDnsNamespace", { Vpc: "vpc-1", Properties: soa });
      const publicId = h.namespace("example.com", "CreatePublicDnsNamespace");
      const priv = h.call("GetNamespace", { Id: privateId }).Namespace;
      assert.equal(priv.Type, "DNS_PRIVATE");
      assert.match(priv.Properties.DnsProperties.HostedZoneId, /^Z[0-9A-Z]{20}$/);
      assert.deepEqual(priv.Properties.DnsProperties.SOA, { TTL: 60 });
      assert.deepEqual(priv.Properties.HttpProperties, { HttpName: "corp.internal" });
      assert.equal(h.call("GetNamespace", { Id: publicId }).Namespace.Type, "DNS_PUBLIC");
    });

    it("ids and ARNs follow AWS's formats when ids are random", () => {
      const emulator = new CloudMapEmulator({
        store: new SqliteCloudMapStore(StateDatabase.open(":memory:")),
        scope: { account: ACCOUNT, region: REGION },
      });
      const { OperationId } = emulator.call("CreateHttpNamespace", { Name: "a" });
      const id = (emulator.call("GetOperation", { OperationId }) as any).Operation.Targets.NAMESPACE;
      assert.match(id, /^ns-[a-z0-9]{16}$/);
      assert.match(String(OperationId), /^[a-z0-9]{32}-[a-z0-9]{8}$/);
    });

    it("a second namespace with the same name is NamespaceAlreadyExists, naming the existing one", () => {
      const id = h.namespace("colors.local", "CreateHttpNamespace", { CreatorRequestId: "first" });
      const error = h.fails(
        "CreatePrivateDnsNamespace",
        { Name: "colors.local", Vpc: "vpc-1" },
        "NamespaceAlreadyExists",
      );
      assert.deepEqual(error.fields, { CreatorRequestId: "first", NamespaceId: id });
    });

    it("a public DNS namespace needs a domain name, checked as the service checks it", () => {
      h.fails(
        "CreatePublicDnsNamespace",
        { Name: "not a domain" },
        "InvalidInput",
        /^1 validation error detected: Value 'not a domain' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern/,
      );
    });

    it("more namespaces than the quota is ResourceLimitExceeded", () => {
      h = new Harness({ namespaces: 2 });
      h.namespace("a");
      h.namespace("b");
      h.fails("CreateHttpNamespace", { Name: "c" }, "ResourceLimitExceeded", /limit of 2/);
    });
  });

  describe("request ids", () => {
    it("a create retried with the same CreatorRequestId answers the first operation and creates nothing", () => {
      const request = { Name: "colors.local", CreatorRequestId: "req-1" };
      const first = h.call("CreateHttpNamespace", request);
      assert.deepEqual(h.call("CreateHttpNamespace", request), first);
      assert.equal(h.call("ListNamespaces").Namespaces.length, 1);
    });

    it("a CreatorRequestId reused for a different request is DuplicateRequest, naming the first operation", () => {
      const { OperationId } = h.call("CreateHttpNamespace", { Name: "a", CreatorRequestId: "req-1" });
      const error = h.fails("CreateHttpNamespace", { Name: "b", CreatorRequestId: "req-1" }, "DuplicateRequest");
      assert.deepEqual(error.fields, { DuplicateOperationId: OperationId });
    });

    it("an update retried with the same UpdaterRequestId answers the first operation", () => {
      const id = h.namespace("a");
      const request = { Id: id, UpdaterRequestId: "u-1", Namespace: { Description: "one" } };
      const first = h.call("UpdateHttpNamespace", request);
      assert.deepEqual(h.call("UpdateHttpNamespace", request), first);
      h.fails("UpdateHttpNamespace", { ...request, Namespace: { Description: "two" } }, "DuplicateRequest");
    });
  });

  describe("updates", () => {
    it("UpdateHttpNamespace changes the description and records an UPDATE_NAMESPACE operation", () => {
      const id = h.namespace("a");
      const { OperationId } = h.call("UpdateHttpNamespace", { Id: id, Namespace: { Description: "new" } });
      assert.equal(h.call("GetNamespace", { Id: id }).Namespace.Description, "new");
      const op = h.call("GetOperation", { OperationId }).Operation;
      assert.deepEqual([op.Type, op.Targets], ["UPDATE_NAMESPACE", { NAMESPACE: id }]);
    });

    it("UpdatePrivateDnsNamespace and UpdatePublicDnsNamespace change the SOA and keep the hosted zone", () => {
      for (const [create, update, extra] of [
        ["CreatePrivateDnsNamespace", "UpdatePrivateDnsNamespace", { Vpc: "vpc-1" }],
        ["CreatePublicDnsNamespace", "UpdatePublicDnsNamespace", {}],
      ] as const) {
        const id = h.namespace(`${create.length}.example.com`, create, extra);
        const zone = h.call("GetNamespace", { Id: id }).Namespace.Properties.DnsProperties.HostedZoneId;
        const change = { Description: "d", Properties: { DnsProperties: { SOA: { TTL: 300 } } } };
        h.call(update, { Id: id, Namespace: change });
        const ns = h.call("GetNamespace", { Id: id }).Namespace;
        assert.deepEqual(ns.Properties.DnsProperties, { HostedZoneId: zone, SOA: { TTL: 300 } });
        assert.equal(ns.Description, "d");
      }
    });

    it("an update for another kind of namespace is InvalidInput", () => {
      const id = h.namespace("a");
      h.fails("UpdatePrivateDnsNamespace", { Id: id, Namespace: {} }, "InvalidInput", /of type HTTP, not DNS_PRIVATE/);
    });
  });

  describe("deletion", () => {
    it("DeleteNamespace removes the namespace and records a DELETE_NAMESPACE operation", () => {
      const id = h.namespace("a");
      const { OperationId } = h.call("DeleteNamespace", { Id: id });
      assert.equal(h.call("GetOperation", { OperationId }).Operation.Type, "DELETE_NAMESPACE");
      h.fails("GetNamespace", { Id: id }, "NamespaceNotFound", /^Namespace not found$/);
    });

    it("DeleteNamespace is refused while the namespace has services", () => {
      const id = h.namespace("a");
      h.service(id, "backend");
      h.fails(
        "DeleteNamespace",
        { Id: id },
        "ResourceInUse",
        /^Namespace has associated services; delete the services before deleting the namespace$/,
      );
    });

    it("every operation on a missing namespace is NamespaceNotFound", () => {
      h.fails("GetNamespace", { Id: "ns-missing" }, "NamespaceNotFound");
      h.fails("DeleteNamespace", { Id: "ns-missing" }, "NamespaceNotFound");
      h.fails("UpdateHttpNamespace", { Id: "ns-missing", Namespace: { Description: "" } }, "NamespaceNotFound");
      h.fails("CreateService", { Name: "s", NamespaceId: "ns-missing" }, "NamespaceNotFound");
    });
  });

  describe("ListNamespaces", () => {
    beforeEach(() => {
      h.namespace("alpha.http");
      h.namespace("beta.internal", "CreatePrivateDnsNamespace", { Vpc: "vpc-1" });
      h.namespace("gamma.example.com", "CreatePublicDnsNamespace");
    });
    const names = (filters: unknown[]) =>
      h.call("ListNamespaces", { Filters: filters }).Namespaces.map((ns: { Name: string }) => ns.Name);

    it("lists summaries in creation order, with service counts", () => {
      const [first] = h.call("ListNamespaces").Namespaces;
      assert.deepEqual(Object.keys(first), ["Arn", "CreateDate", "Id", "Name", "Properties", "ServiceCount", "Type"]);
      assert.deepEqual(names([]), ["alpha.http", "beta.internal", "gamma.example.com"]);
    });

    it("filters by TYPE with EQ (the default) and IN", () => {
      assert.deepEqual(names([{ Name: "TYPE", Values: ["DNS_PRIVATE"] }]), ["beta.internal"]);
      assert.deepEqual(names([{ Name: "TYPE", Values: ["HTTP", "DNS_PUBLIC"], Condition: "IN" }]), [
        "alpha.http",
        "gamma.example.com",
      ]);
    });

    it("filters by NAME and HTTP_NAME with EQ and BEGINS_WITH", () => {
      assert.deepEqual(names([{ Name: "NAME", Values: ["beta.internal"], Condition: "EQ" }]), ["beta.internal"]);
      assert.deepEqual(names([{ Name: "HTTP_NAME", Values: ["g"], Condition: "BEGINS_WITH" }]), ["gamma.example.com"]);
    });

    it("refuses conditions a filter does not support, and EQ with several values", () => {
      h.fails("ListNamespaces", { Filters: [{ Name: "NAME", Values: ["a"], Condition: "IN" }] }, "InvalidInput");
      h.fails("ListNamespaces", { Filters: [{ Name: "TYPE", Values: ["a", "b"] }] }, "InvalidInput");
      h.fails("ListNamespaces", { Filters: [{ Name: "OWNER", Values: ["a"] }] }, "InvalidInput", /enum value set/);
    });
  });
});
