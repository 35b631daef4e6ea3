/** Cloud Map services: where they live, how their instances are found and checked, updates and deletion. */
import assert from "node:assert/strict";
import { beforeEach, describe, it } from "node:test";
import { ACCOUNT, Harness, REGION, T0 } from "./harness.js";

let h: Harness;
let http: string;
let priv: string;
let pub: string;

const A_RECORD = { DnsRecords: [{ Type: "A", TTL: 60 }] };

describe("Cloud Map services", () => {
  beforeEach(() => {
    h = new Harness();
    http = h.namespace("colors.local");
    priv = h.namespace("corp.internal", "CreatePrivateDnsNamespace", { Vpc: "vpc-1" });
    pub = h.namespace("example.com", "CreatePublicDnsNamespace");
  });

  describe("creation", () => {
    it("CreateService in an HTTP namespace returns an HTTP service with its ARN and request id", () => {
      const { Service } = h.call("CreateService", {
        Name: "colorteller",
        NamespaceId: http,
        Description: "tells colors",
        CreatorRequestId: "req-1",
        Tags: [{ Key: "team", Value: "paint" }],
      });
      assert.match(Service.Id, /^srv-[0-9a-z]{16}$/);
      assert.deepEqual(Service, {
        Arn: `arn:aws:servicediscovery:${REGION}:${ACCOUNT}:service/${Service.Id}`,
        CreateDate: new Date(T0),
        CreatorRequestId: "req-1",
        Description: "tells colors",
        Id: Service.Id,
        InstanceCount: 0,
        Name: "colorteller",
        NamespaceId: http,
        Type: "HTTP",
      });
      assert.deepEqual(h.call("GetService", { Id: Service.Id }), { Service });
    });

    it("a service with DNS records in a DNS namespace is DNS_HTTP, with the MULTIVALUE routing policy by default", () => {
      const id = h.service(priv, "backend", { DnsConfig: A_RECORD });
      const service = h.call("GetService", { Id: id }).Service;
      assert.equal(service.Type, "DNS_HTTP");
      assert.deepEqual(service.DnsConfig, {
        NamespaceId: priv,
        RoutingPolicy: "MULTIVALUE",
        DnsRecords: A_RECORD.DnsRecords,
      });
    });

    it("the namespace may come from the deprecated DnsConfig.NamespaceId", () => {
      const { Service } = h.call("CreateService", { Name: "legacy", DnsConfig: { ...A_RECORD, NamespaceId: priv } });
      assert.equal(Service.NamespaceId, priv);
    });

    it("a service without a namespace id is InvalidInput", () => {
      h.fails("CreateService", { Name: "lost" }, "InvalidInput", /NamespaceId/);
    });

    it("a service of type HTTP in a DNS namespace has no DNS records", () => {
      const id = h.service(priv, "api-only", { Type: "HTTP" });
      assert.equal(h.call("GetService", { Id: id }).Service.Type, "HTTP");
      h.fails("CreateService", { Name: "both", NamespaceId: priv, Type: "HTTP", DnsConfig: A_RECORD }, "InvalidInput");
    });

    it("DNS records are refused in an HTTP namespace", () => {
      h.fails(
        "CreateService",
        { Name: "s", NamespaceId: http, DnsConfig: A_RECORD },
        "InvalidInput",
        /HTTP namespaces/,
      );
    });

    it("a CNAME record must stand alone and use the WEIGHTED routing policy", () => {
      const cname = { Type: "CNAME", TTL: 60 };
      const dns = (records: unknown[], RoutingPolicy = "MULTIVALUE") => ({ DnsRecords: records, RoutingPolicy });
      h.fails("CreateService", { Name: "a", NamespaceId: priv, DnsConfig: dns([cname]) }, "InvalidInput", /CNAME/);
      h.fails(
        "CreateService",
        { Name: "b", NamespaceId: priv, DnsConfig: dns([cname, A_RECORD.DnsRecords[0]], "WEIGHTED") },
        "InvalidInput",
      );
      h.service(priv, "c", { DnsConfig: dns([cname], "WEIGHTED") });
    });

    it("Route 53 health checks are for public DNS namespaces, get defaults, and exclude a custom health check", () => {
      const id = h.service(pub, "www", { DnsConfig: A_RECORD, HealthCheckConfig: { Type: "HTTPS" } });
      assert.deepEqual(h.call("GetService", { Id: id }).Service.HealthCheckConfig, {
        Type: "HTTPS",
        ResourcePath: "/",
        FailureThreshold: 1,
      });
      h.fails("CreateService", { Name: "s", NamespaceId: priv, HealthCheckConfig: { Type: "TCP" } }, "InvalidInput");
      h.fails(
        "CreateService",
        { Name: "s", NamespaceId: pub, HealthCheckConfig: { Type: "TCP" }, HealthCheckCustomConfig: {} },
        "InvalidInput",
        /not both/,
      );
      h.fails(
        "CreateService",
        { Name: "s", NamespaceId: pub, HealthCheckConfig: { Type: "TCP", ResourcePath: "/health" } },
        "InvalidInput",
      );
    });

    it("a custom health check's FailureThreshold is always 1", () => {
      const id = h.service(http, "s", { HealthCheckCustomConfig: { FailureThreshold: 5 } });
      assert.deepEqual(h.call("GetService", { Id: id }).Service.HealthCheckCustomConfig, { FailureThreshold: 1 });
    });

    it("a second service with the same name in a namespace is ServiceAlreadyExists, naming the existing one", () => {
      const id = h.service(http, "backend", { CreatorRequestId: "first" });
      const error = h.fails("CreateService", { Name: "backend", NamespaceId: http }, "ServiceAlreadyExists");
      assert.deepEqual(error.fields, { CreatorRequestId: "first", ServiceId: id });
      h.service(priv, "backend");
    });

    it("a CreateService retried with the same CreatorRequestId returns the service it created", () => {
      const request = { Name: "backend", NamespaceId: http, CreatorRequestId: "req-1" };
      const first = h.call("CreateService", request);
      assert.deepEqual(h.call("CreateService", request), first);
      assert.equal(h.call("ListServices").Services.length, 1);
    });

    it("service names follow the model's pattern", () => {
      h.fails("CreateService", { Name: "-bad-", NamespaceId: http }, "InvalidInput", /at 'name' failed to satisfy/);
    });
  });

  describe("updates", () => {
    it("UpdateService replaces the DNS records, keeps the description when omitted, and records UPDATE_SERVICE", () => {
      const id = h.service(priv, "backend", { DnsConfig: A_RECORD, Description: "kept" });
      const records = [
        { Type: "A", TTL: 10 },
        { Type: "AAAA", TTL: 10 },
      ];
      const { OperationId } = h.call("UpdateService", { Id: id, Service: { DnsConfig: { DnsRecords: records } } });
      const service = h.call("GetService", { Id: id }).Service;
      assert.deepEqual(service.DnsConfig, { NamespaceId: priv, RoutingPolicy: "MULTIVALUE", DnsRecords: records });
      assert.equal(service.Description, "kept");
      const op = h.call("GetOperation", { OperationId }).Operation;
      assert.deepEqual([op.Type, op.Targets], ["UPDATE_SERVICE", { SERVICE: id }]);
    });

    it("UpdateService removes the Route 53 health check and DNS records it omits, but keeps a custom health check and the type", () => {
      const checked = h.service(pub, "www", { DnsConfig: A_RECORD, HealthCheckConfig: { Type: "TCP" } });
      h.call("UpdateService", { Id: checked, Service: { Description: "d" } });
      const service = h.call("GetService", { Id: checked }).Service;
      assert.equal(service.HealthCheckConfig, undefined);
      assert.equal(service.DnsConfig, undefined);
      assert.equal(service.Type, "DNS_HTTP", "the type is fixed at creation");
      const custom = h.service(http, "custom", { HealthCheckCustomConfig: {} });
      h.call("UpdateService", { Id: custom, Service: { Description: "d" } });
      assert.deepEqual(h.call("GetService", { Id: custom }).Service.HealthCheckCustomConfig, { FailureThreshold: 1 });
    });

    it("UpdateService applies the creation rules", () => {
      const id = h.service(http, "s", { HealthCheckCustomConfig: {} });
      h.fails("UpdateService", { Id: id, Service: { DnsConfig: A_RECORD } }, "InvalidInput");
      h.fails("UpdateService", { Id: id, Service: { HealthCheckConfig: { Type: "TCP" } } }, "InvalidInput");
    });
  });

  describe("deletion and look-ups", () => {
    it("DeleteService removes the service and answers nothing", () => {
      const id = h.service(http, "s");
      assert.deepEqual(h.call("DeleteService", { Id: id }), {});
      h.fails("GetService", { Id: id }, "ServiceNotFound", /^Service not found$/);
    });

    it("DeleteService is refused while instances are registered", () => {
      const id = h.service(http, "s");
      h.register(id, "i-1");
      h.fails(
        "DeleteService",
        { Id: id },
        "ResourceInUse",
        /^Service contains registered instances; delete the instances before deleting the service$/,
      );
      h.call("DeregisterInstance", { ServiceId: id, InstanceId: "i-1" });
      h.call("DeleteService", { Id: id });
    });

    it("every operation on a missing service is ServiceNotFound", () => {
      for (const [op, input] of [
        ["GetService", { Id: "srv-x" }],
        ["DeleteService", { Id: "srv-x" }],
        ["UpdateService", { Id: "srv-x", Service: {} }],
        ["RegisterInstance", { ServiceId: "srv-x", InstanceId: "i", Attributes: {} }],
        ["DeregisterInstance", { ServiceId: "srv-x", InstanceId: "i" }],
        ["GetInstance", { ServiceId: "srv-x", InstanceId: "i" }],
        ["ListInstances", { ServiceId: "srv-x" }],
        ["GetInstancesHealthStatus", { ServiceId: "srv-x" }],
        ["UpdateInstanceCustomHealthStatus", { ServiceId: "srv-x", InstanceId: "i", Status: "HEALTHY" }],
      ] as const) {
        h.fails(op, input, "ServiceNotFound");
      }
    });

    it("the namespace counts its services", () => {
      h.service(http, "a");
      h.service(http, "b");
      assert.equal(h.call("GetNamespace", { Id: http }).Namespace.ServiceCount, 2);
    });
  });

  describe("ListServices", () => {
    it("lists summaries of every namespace's services, with instance counts, in creation order", () => {
      const a = h.service(http, "a");
      h.service(priv, "b");
      h.register(a, "i-1");
      const services = h.call("ListServices").Services;
      assert.deepEqual(
        services.map((s: any) => [s.Name, s.InstanceCount]),
        [
          ["a", 1],
          ["b", 0],
        ],
      );
      assert.deepEqual(Object.keys(services[0]), ["Arn", "CreateDate", "Id", "InstanceCount", "Name", "Type"]);
    });

    it("filters by NAMESPACE_ID with EQ and IN", () => {
      h.service(http, "a");
      h.service(priv, "b");
      h.service(pub, "c");
      const names = (filter: object) =>
        h.call("ListServices", { Filters: [filter] }).Services.map((s: { Name: string }) => s.Name);
      assert.deepEqual(names({ Name: "NAMESPACE_ID", Values: [priv] }), ["b"]);
      assert.deepEqual(names({ Name: "NAMESPACE_ID", Values: [http, pub], Condition: "IN" }), ["a", "c"]);
      h.fails(
        "ListServices",
        { Filters: [{ Name: "NAMESPACE_ID", Values: [http], Condition: "BEGINS_WITH" }] },
        "InvalidInput",
      );
    });
  });
});
