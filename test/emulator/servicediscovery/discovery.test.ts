/** DiscoverInstances and the proxy's endpoint look-up: attribute matching, health filters, limits. */
import assert from "node:assert/strict";
import { beforeEach, describe, it } from "node:test";
import { Harness } from "./harness.js";

let h: Harness;
let checked: string;

const discover = (input: Record<string, unknown> = {}, service = "checked") =>
  h
    .call("DiscoverInstances", { NamespaceName: "colors.local", ServiceName: service, ...input })
    .Instances.map((i: { InstanceId: string }) => i.InstanceId);

describe("Cloud Map discovery", () => {
  beforeEach(() => {
    h = new Harness();
    const ns = h.namespace("colors.local");
    checked = h.service(ns, "checked", { HealthCheckCustomConfig: {} });
    h.register(checked, "blue-1", { AWS_INSTANCE_IPV4: "10.0.0.1", AWS_INSTANCE_PORT: "8080", color: "blue", az: "a" });
    h.register(checked, "blue-2", { AWS_INSTANCE_IPV4: "10.0.0.2", color: "blue", az: "b" });
    h.register(checked, "red-1", { AWS_INSTANCE_IPV4: "10.0.0.3", color: "red", az: "a" });
    h.call("UpdateInstanceCustomHealthStatus", { ServiceId: checked, InstanceId: "blue-2", Status: "UNHEALTHY" });
  });

  describe("DiscoverInstances", () => {
    it("returns the healthy instances by default, with their namespace, service, health and attributes", () => {
      const { Instances } = h.call("DiscoverInstances", { NamespaceName: "colors.local", ServiceName: "checked" });
      assert.deepEqual(Instances[0], {
        Attributes: { AWS_INSTANCE_IPV4: "10.0.0.1", AWS_INSTANCE_PORT: "8080", color: "blue", az: "a" },
        HealthStatus: "HEALTHY",
        InstanceId: "blue-1",
        NamespaceName: "colors.local",
        ServiceName: "checked",
      });
      assert.deepEqual(discover(), ["blue-1", "red-1"]);
    });

    it("HealthStatus HEALTHY, UNHEALTHY and ALL select by the instances' health", () => {
      assert.deepEqual(discover({ HealthStatus: "HEALTHY" }), ["blue-1", "red-1"]);
      assert.deepEqual(discover({ HealthStatus: "UNHEALTHY" }), ["blue-2"]);
      assert.deepEqual(discover({ HealthStatus: "ALL" }), ["blue-1", "blue-2", "red-1"]);
    });

    it("HEALTHY_OR_ELSE_ALL returns the healthy instances, or all of them when none is healthy", () => {
      assert.deepEqual(discover({ HealthStatus: "HEALTHY_OR_ELSE_ALL" }), ["blue-1", "red-1"]);
      for (const id of ["blue-1", "red-1"]) {
        h.call("UpdateInstanceCustomHealthStatus", { ServiceId: checked, InstanceId: id, Status: "UNHEALTHY" });
      }
      assert.deepEqual(discover({ HealthStatus: "HEALTHY" }), []);
      assert.deepEqual(discover({ HealthStatus: "HEALTHY_OR_ELSE_ALL" }), ["blue-1", "blue-2", "red-1"]);
    });

    it("the health filter is ignored for services without health checking, which report UNKNOWN", () => {
      const plain = h.service(h.namespace("plain.local"), "plain");
      h.register(plain, "i-1");
      const { Instances } = h.call("DiscoverInstances", {
        NamespaceName: "plain.local",
        ServiceName: "plain",
        HealthStatus: "UNHEALTHY",
      });
      assert.deepEqual(
        Instances.map((i: any) => [i.InstanceId, i.HealthStatus]),
        [["i-1", "UNKNOWN"]],
      );
    });

    it("QueryParameters must all match", () => {
      assert.deepEqual(discover({ QueryParameters: { color: "blue" }, HealthStatus: "ALL" }), ["blue-1", "blue-2"]);
      assert.deepEqual(discover({ QueryParameters: { color: "blue", az: "b" }, HealthStatus: "ALL" }), ["blue-2"]);
      assert.deepEqual(discover({ QueryParameters: { color: "green" } }), []);
    });

    it("OptionalParameters narrow the result when some instance matches them, and are dropped when none does", () => {
      assert.deepEqual(discover({ OptionalParameters: { az: "a" } }), ["blue-1", "red-1"]);
      assert.deepEqual(discover({ QueryParameters: { color: "blue" }, OptionalParameters: { az: "a" } }), ["blue-1"]);
      assert.deepEqual(discover({ QueryParameters: { color: "red" }, OptionalParameters: { az: "z" } }), ["red-1"]);
    });

    it("MaxResults bounds the answer (1 to 1000)", () => {
      assert.deepEqual(discover({ MaxResults: 1, HealthStatus: "ALL" }), ["blue-1"]);
      h.fails(
        "DiscoverInstances",
        { NamespaceName: "colors.local", ServiceName: "checked", MaxResults: 1001 },
        "InvalidInput",
        /at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 1000/,
      );
    });

    it("a missing namespace is NamespaceNotFound and a missing service ServiceNotFound", () => {
      h.fails("DiscoverInstances", { NamespaceName: "nowhere", ServiceName: "checked" }, "NamespaceNotFound");
      h.fails("DiscoverInstances", { NamespaceName: "colors.local", ServiceName: "nobody" }, "ServiceNotFound");
    });

    it("an unknown HealthStatus is InvalidInput", () => {
      h.fails(
        "DiscoverInstances",
        { NamespaceName: "colors.local", ServiceName: "checked", HealthStatus: "SOME" },
        "InvalidInput",
      );
    });
  });

  describe("InstancesRevision", () => {
    const revision = () =>
      h.call("DiscoverInstancesRevision", { NamespaceName: "colors.local", ServiceName: "checked" }).InstancesRevision;

    it("DiscoverInstances answers with the revision DiscoverInstancesRevision reports", () => {
      const { InstancesRevision } = h.call("DiscoverInstances", {
        NamespaceName: "colors.local",
        ServiceName: "checked",
      });
      assert.equal(typeof InstancesRevision, "number");
      assert.equal(InstancesRevision, revision());
    });

    it("moves on with every registration, re-registration and deregistration, even within one clock tick", () => {
      const seen = [revision()];
      h.register(checked, "green-1", { AWS_INSTANCE_IPV4: "10.0.0.4" });
      seen.push(revision());
      h.register(checked, "green-1", { AWS_INSTANCE_IPV4: "10.0.0.5" });
      seen.push(revision());
      h.call("DeregisterInstance", { ServiceId: checked, InstanceId: "green-1" });
      seen.push(revision());
      assert.deepEqual(
        seen.slice(1).map((r, i) => r > (seen[i] as number)),
        [true, true, true],
      );
    });

    it("stays put for reads and health changes", () => {
      const before = revision();
      h.call("DiscoverInstances", { NamespaceName: "colors.local", ServiceName: "checked" });
      h.call("UpdateInstanceCustomHealthStatus", { ServiceId: checked, InstanceId: "blue-1", Status: "UNHEALTHY" });
      assert.equal(revision(), before);
    });

    it("a missing namespace or service is NamespaceNotFound or ServiceNotFound", () => {
      h.fails("DiscoverInstancesRevision", { NamespaceName: "nowhere", ServiceName: "checked" }, "NamespaceNotFound");
      h.fails("DiscoverInstancesRevision", { NamespaceName: "colors.local", ServiceName: "nobody" }, "ServiceNotFound");
    });
  });

  describe("endpoints (the proxy's look-up)", () => {
    it("gives the healthy instances' IPv4 addresses and ports, filtered by attributes", () => {
      assert.deepEqual(h.emulator.endpoints("colors.local", "checked", { color: "blue" }), [
        {
          instanceId: "blue-1",
          ipv4: "10.0.0.1",
          port: 8080,
          attributes: { AWS_INSTANCE_IPV4: "10.0.0.1", AWS_INSTANCE_PORT: "8080", color: "blue", az: "a" },
        },
      ]);
      assert.deepEqual(
        h.emulator.endpoints("colors.local", "checked").map((e) => [e.ipv4, e.port]),
        [
          ["10.0.0.1", 8080],
          ["10.0.0.3", undefined],
        ],
      );
    });

    it("gives IPv6 addresses beside IPv4 ones, and skips instances with no IP address", () => {
      h.register(checked, "named", { AWS_INSTANCE_CNAME: "blue.example.com", color: "blue" });
      h.register(checked, "six", { AWS_INSTANCE_IPV6: "fd00::6", AWS_INSTANCE_PORT: "8080", color: "blue" });
      assert.deepEqual(
        h.emulator.endpoints("colors.local", "checked", { color: "blue" }).map((e) => [e.instanceId, e.ipv4, e.ipv6]),
        [
          ["blue-1", "10.0.0.1", undefined],
          ["six", undefined, "fd00::6"],
        ],
      );
    });

    it("throws NamespaceNotFound for a missing namespace, as DiscoverInstances does", () => {
      assert.throws(() => h.emulator.endpoints("nowhere", "checked"), { code: "NamespaceNotFound" });
    });
  });
});
