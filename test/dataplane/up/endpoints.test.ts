/**
 * Where `mesh up` finds a virtual node's application, per listener port: DNS service discovery through
 * the system resolver (LOADBALANCER one address, ENDPOINTS all), Cloud Map instances by IP preference,
 * `--endpoint` overrides first; a name that does not resolve is a problem said once, not a crash.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { MeshSpec, VirtualNodeSpec } from "@aws-sdk/client-app-mesh";
import {
  nodeEndpoints,
  parseEndpointOverride,
  type Resolve,
  systemResolve,
} from "../../../src/dataplane/up/endpoints.js";
import { TestSource } from "../sidecars.js";

const mesh = (meshSpec: MeshSpec = {}) => ({ mesh: "m", meshSpec });
const listeners = [
  { portMapping: { port: 8080, protocol: "http" as const } },
  { portMapping: { port: 9090, protocol: "grpc" as const } },
];
const dnsNode = (hostname: string, responseType?: "LOADBALANCER" | "ENDPOINTS"): VirtualNodeSpec => ({
  listeners,
  serviceDiscovery: { dns: { hostname, ...(responseType ? { responseType } : {}) } },
});
const source = new TestSource(new Map());
const twoAddresses: Resolve = async () => ["10.0.0.1", "10.0.0.2"];
const entries = (byPort: Map<number, string[]>) => Object.fromEntries(byPort);

describe("a node's endpoints in mesh up", () => {
  it("takes one address of a DNS name by default (LOADBALANCER), all of them with ENDPOINTS, on every listener port", async () => {
    const one = await nodeEndpoints(mesh(), "n", dnsNode("svc.local"), [], source, twoAddresses);
    assert.deepEqual(entries(one.byPort), { 8080: ["10.0.0.1:8080"], 9090: ["10.0.0.1:9090"] });
    const all = await nodeEndpoints(mesh(), "n", dnsNode("svc.local", "ENDPOINTS"), [], source, twoAddresses);
    assert.deepEqual(all.byPort.get(8080), ["10.0.0.1:8080", "10.0.0.2:8080"]);
  });

  it("resolves IP literals with the system resolver, IPv6 ones written in brackets", async () => {
    const v4 = await nodeEndpoints(mesh(), "n", dnsNode("127.0.0.9"), [], source, systemResolve);
    assert.deepEqual(v4.byPort.get(8080), ["127.0.0.9:8080"]);
    const v6 = await nodeEndpoints(mesh(), "n", dnsNode("::1"), [], source, systemResolve);
    assert.deepEqual(v6.byPort.get(8080), ["[::1]:8080"]);
  });

  it("says which DNS name did not resolve, and leaves the node without endpoints", async () => {
    const found = await nodeEndpoints(mesh(), "n", dnsNode("nothing.invalid"), [], source, systemResolve);
    assert.match(found.problem ?? "", /^DNS name nothing\.invalid did not resolve \(.+\)$/);
    assert.deepEqual(entries(found.byPort), { 8080: [], 9090: [] });
  });

  it("lets --endpoint overrides win, for one port or every port, and for this mesh only", async () => {
    const overrides = ["n:9090=127.0.0.5:7000", "n=127.0.0.6:7001", "other/n=127.0.0.7:7002"].map(
      parseEndpointOverride,
    );
    const found = await nodeEndpoints(mesh(), "n", dnsNode("nothing.invalid"), overrides, source, systemResolve);
    assert.equal(found.problem, undefined);
    assert.deepEqual(entries(found.byPort), { 8080: ["127.0.0.6:7001"], 9090: ["127.0.0.5:7000", "127.0.0.6:7001"] });
  });

  it("takes Cloud Map instances' addresses by the node's IP preference, and their own port when they have one", async () => {
    const cloudMap = new TestSource(new Map());
    cloudMap.cloudMap["ns/svc"] = [{ ipv4: "10.0.0.1", ipv6: "fd00::1", port: 7000 }, { ipv4: "10.0.0.2" }];
    const spec: VirtualNodeSpec = {
      listeners,
      serviceDiscovery: { awsCloudMap: { namespaceName: "ns", serviceName: "svc" } },
    };
    const v4 = await nodeEndpoints(mesh(), "n", spec, [], cloudMap, systemResolve);
    assert.deepEqual(v4.byPort.get(8080), ["10.0.0.1:7000", "10.0.0.2:8080"]);
    const v6 = await nodeEndpoints(
      mesh({ serviceDiscovery: { ipPreference: "IPv6_PREFERRED" } }),
      "n",
      spec,
      [],
      cloudMap,
      systemResolve,
    );
    assert.deepEqual(v6.byPort.get(8080), ["[fd00::1]:7000", "10.0.0.2:8080"]);
  });
});
