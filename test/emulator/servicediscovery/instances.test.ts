/** Cloud Map instances: registration, attributes, look-ups and health. */
import assert from "node:assert/strict";
import { beforeEach, describe, it } from "node:test";
import { Harness, T0 } from "./harness.js";

let h: Harness;
let ns: string;
let plain: string;
let custom: string;

describe("Cloud Map instances", () => {
  beforeEach(() => {
    h = new Harness();
    ns = h.namespace("colors.local");
    plain = h.service(ns, "plain");
    custom = h.service(ns, "custom", { HealthCheckCustomConfig: {} });
  });

  describe("registration", () => {
    it("RegisterInstance answers a REGISTER_INSTANCE operation naming the instance and its service", () => {
      h.clock = T0 + 5000;
      const OperationId = h.register(plain, "i-1", { AWS_INSTANCE_IPV4: "10.0.0.1" });
      assert.deepEqual(h.call("GetOperation", { OperationId }).Operation, {
        CreateDate: new Date(T0 + 5000),
        Id: OperationId,
        Status: "SUCCESS",
        Targets: { INSTANCE: "i-1", SERVICE: plain },
        Type: "REGISTER_INSTANCE",
        UpdateDate: new Date(T0 + 5000),
      });
    });

    it("GetInstance returns the attributes and the request id", () => {
      const attributes = { AWS_INSTANCE_IPV4: "10.0.0.1", AWS_INSTANCE_PORT: "8080", version: "v1" };
      h.call("RegisterInstance", {
        ServiceId: plain,
        InstanceId: "i-1",
        Attributes: attributes,
        CreatorRequestId: "r",
      });
      assert.deepEqual(h.call("GetInstance", { ServiceId: plain, InstanceId: "i-1" }), {
        Instance: { Attributes: attributes, CreatorRequestId: "r", Id: "i-1" },
      });
    });

    it("refuses an attribute holding a lone surrogate, in its key or its value, escaped in the message, and stores nothing", () => {
      const key = h.fails(
        "RegisterInstance",
        { ServiceId: plain, InstanceId: "i-1", Attributes: { "k\ud800": "v" } },
        "InvalidInput",
      );
      assert.match(key.message, /Value 'k\\ud800' at 'attributes\.k\\ud800\.key' failed to satisfy constraint/);
      const value = h.fails(
        "RegisterInstance",
        { ServiceId: plain, InstanceId: "i-1", Attributes: { k: "v\udc00" } },
        "InvalidInput",
      );
      assert.match(value.message, /Value 'v\\udc00' at 'attributes\.k\.value'/);
      assert.deepEqual(h.call("ListInstances", { ServiceId: plain }).Instances, []);
    });

    it("registering an id again replaces its attributes", () => {
      h.register(plain, "i-1", { version: "v1" });
      h.register(plain, "i-1", { version: "v2" });
      assert.deepEqual(h.call("ListInstances", { ServiceId: plain }).Instances, [
        { Attributes: { version: "v2" }, Id: "i-1" },
      ]);
    });

    it("the service counts its instances", () => {
      h.register(plain, "i-1");
      h.register(plain, "i-2");
      assert.equal(h.call("GetService", { Id: plain }).Service.InstanceCount, 2);
    });

    it("a RegisterInstance retried with the same CreatorRequestId answers the first operation", () => {
      const request = { ServiceId: plain, InstanceId: "i-1", Attributes: {}, CreatorRequestId: "r-1" };
      const first = h.call("RegisterInstance", request);
      assert.deepEqual(h.call("RegisterInstance", request), first);
      const error = h.fails("RegisterInstance", { ...request, InstanceId: "i-2" }, "DuplicateRequest");
      assert.deepEqual(error.fields, { DuplicateOperationId: first.OperationId });
    });

    it("more instances than the quota is ResourceLimitExceeded, but re-registering one is not", () => {
      h = new Harness({ instancesPerService: 1 });
      const service = h.service(h.namespace("n"), "s");
      h.register(service, "i-1");
      h.register(service, "i-1", { version: "v2" });
      h.fails("RegisterInstance", { ServiceId: service, InstanceId: "i-2", Attributes: {} }, "ResourceLimitExceeded");
    });

    it("instance ids follow the model's pattern", () => {
      h.fails(
        "RegisterInstance",
        { ServiceId: plain, InstanceId: "a b", Attributes: {} },
        "InvalidInput",
        /instanceId/,
      );
    });
  });

  describe("attributes", () => {
    const refused = (attributes: Record<string, string>, message: RegExp, service = () => plain) =>
      h.fails(
        "RegisterInstance",
        { ServiceId: service(), InstanceId: "i", Attributes: attributes },
        "InvalidInput",
        message,
      );

    it("reserved attributes must be well formed", () => {
      refused({ AWS_INSTANCE_IPV4: "10.0.0.300" }, /AWS_INSTANCE_IPV4/);
      refused({ AWS_INSTANCE_IPV6: "fe80::zz" }, /AWS_INSTANCE_IPV6/);
      refused({ AWS_INSTANCE_PORT: "http" }, /AWS_INSTANCE_PORT/);
      refused({ AWS_INSTANCE_PORT: "70000" }, /AWS_INSTANCE_PORT/);
      refused({ AWS_INIT_HEALTH_STATUS: "SICK" }, /AWS_INIT_HEALTH_STATUS/);
    });

    it("at most 30 custom attributes and 5,000 characters of keys and values", () => {
      const many = Object.fromEntries(Array.from({ length: 31 }, (_, i) => [`k${i}`, "v"]));
      refused(many, /30 custom attributes/);
      const long = Object.fromEntries(Array.from({ length: 5 }, (_, i) => [`k${i}`, "v".repeat(1000)]));
      refused(long, /5000/);
    });

    it("keys and values follow the model's patterns", () => {
      refused({ "bad key": "v" }, /attributes\.bad key\.key/);
    });

    it("a DNS service's records need the addresses they are built from", () => {
      const priv = h.namespace("corp.internal", "CreatePrivateDnsNamespace", { Vpc: "vpc-1" });
      const a = h.service(priv, "a", { DnsConfig: { DnsRecords: [{ Type: "A", TTL: 60 }] } });
      const srv = h.service(priv, "srv", { DnsConfig: { DnsRecords: [{ Type: "SRV", TTL: 60 }] } });
      refused({}, /A record, so the instance needs a AWS_INSTANCE_IPV4/, () => a);
      refused({ AWS_INSTANCE_IPV4: "10.0.0.1" }, /SRV record/, () => srv);
      refused({ AWS_INSTANCE_PORT: "80" }, /AWS_INSTANCE_IPV4 or AWS_INSTANCE_IPV6/, () => srv);
      h.register(srv, "i-1", { AWS_INSTANCE_IPV4: "10.0.0.1", AWS_INSTANCE_PORT: "80" });
      h.register(a, "i-1", { AWS_ALIAS_DNS_NAME: "lb.example.com" });
    });
  });

  describe("deregistration and look-ups", () => {
    it("DeregisterInstance removes the instance and answers a DEREGISTER_INSTANCE operation", () => {
      h.register(plain, "i-1");
      const { OperationId } = h.call("DeregisterInstance", { ServiceId: plain, InstanceId: "i-1" });
      const op = h.call("GetOperation", { OperationId }).Operation;
      assert.deepEqual([op.Type, op.Targets], ["DEREGISTER_INSTANCE", { INSTANCE: "i-1", SERVICE: plain }]);
      h.fails("GetInstance", { ServiceId: plain, InstanceId: "i-1" }, "InstanceNotFound");
    });

    it("every operation on a missing instance is InstanceNotFound", () => {
      h.register(custom, "i-1");
      h.fails("GetInstance", { ServiceId: plain, InstanceId: "i-1" }, "InstanceNotFound", /i-1/);
      h.fails("DeregisterInstance", { ServiceId: custom, InstanceId: "i-2" }, "InstanceNotFound");
      h.fails("GetInstancesHealthStatus", { ServiceId: custom, Instances: ["i-1", "i-2"] }, "InstanceNotFound");
      h.fails(
        "UpdateInstanceCustomHealthStatus",
        { ServiceId: custom, InstanceId: "i-2", Status: "HEALTHY" },
        "InstanceNotFound",
      );
    });

    it("ListInstances lists ids and attributes in registration order (then id order within a millisecond)", () => {
      h.register(plain, "c", { k: "1" });
      h.clock += 1;
      h.register(plain, "b", { k: "2" });
      h.register(plain, "a", { k: "3" });
      assert.deepEqual(h.call("ListInstances", { ServiceId: plain }), {
        Instances: [
          { Attributes: { k: "1" }, Id: "c" },
          { Attributes: { k: "3" }, Id: "a" },
          { Attributes: { k: "2" }, Id: "b" },
        ],
      });
    });
  });

  describe("health", () => {
    it("instances of a service without health checking are UNKNOWN", () => {
      h.register(plain, "i-1");
      assert.deepEqual(h.call("GetInstancesHealthStatus", { ServiceId: plain }), { Status: { "i-1": "UNKNOWN" } });
    });

    it("a custom health check starts HEALTHY, or as AWS_INIT_HEALTH_STATUS says", () => {
      h.register(custom, "i-1");
      h.register(custom, "i-2", { AWS_INIT_HEALTH_STATUS: "UNHEALTHY" });
      assert.deepEqual(h.call("GetInstancesHealthStatus", { ServiceId: custom }).Status, {
        "i-1": "HEALTHY",
        "i-2": "UNHEALTHY",
      });
    });

    it("UpdateInstanceCustomHealthStatus sets the status, which survives re-registration", () => {
      h.register(custom, "i-1");
      assert.deepEqual(
        h.call("UpdateInstanceCustomHealthStatus", { ServiceId: custom, InstanceId: "i-1", Status: "UNHEALTHY" }),
        {},
      );
      h.register(custom, "i-1", { version: "v2" });
      assert.deepEqual(h.call("GetInstancesHealthStatus", { ServiceId: custom, Instances: ["i-1"] }).Status, {
        "i-1": "UNHEALTHY",
      });
    });

    it("UpdateInstanceCustomHealthStatus on a service without a custom health check is CustomHealthNotFound", () => {
      h.register(plain, "i-1");
      h.fails(
        "UpdateInstanceCustomHealthStatus",
        { ServiceId: plain, InstanceId: "i-1", Status: "HEALTHY" },
        "CustomHealthNotFound",
      );
    });

    it("instances of a service with a Route 53 health check are reported healthy (the emulator runs no checks)", () => {
      const pub = h.namespace("example.com", "CreatePublicDnsNamespace");
      const www = h.service(pub, "www", {
        DnsConfig: { DnsRecords: [{ Type: "A", TTL: 60 }] },
        HealthCheckConfig: { Type: "HTTP" },
      });
      h.register(www, "i-1", { AWS_INSTANCE_IPV4: "203.0.113.1" });
      assert.deepEqual(h.call("GetInstancesHealthStatus", { ServiceId: www }).Status, { "i-1": "HEALTHY" });
    });
  });
});
