/** Paging of the List operations and GetInstancesHealthStatus: MaxResults and an opaque NextToken. */
import assert from "node:assert/strict";
import { beforeEach, describe, it } from "node:test";
import { Harness } from "./harness.js";

let h: Harness;

/** Every page of `operation`, `max` items at a time: the ids (or keys) on each page. */
function pages(operation: string, input: Record<string, unknown>, max: number, pick: (out: any) => string[]) {
  const all: string[][] = [];
  let token: string | undefined;
  do {
    const out = h.call(operation, { ...input, MaxResults: max, ...(token ? { NextToken: token } : {}) });
    all.push(pick(out));
    token = out.NextToken;
  } while (token);
  return all;
}

describe("Cloud Map paging", () => {
  beforeEach(() => {
    h = new Harness();
  });

  it("ListNamespaces pages through every namespace once, in creation order", () => {
    for (const name of ["a", "b", "c", "d", "e"]) h.namespace(name);
    const names = (out: any) => out.Namespaces.map((ns: { Name: string }) => ns.Name);
    assert.deepEqual(pages("ListNamespaces", {}, 2, names), [["a", "b"], ["c", "d"], ["e"]]);
  });

  it("ListServices, ListInstances and ListOperations page the same way", () => {
    const ns = h.namespace("n");
    const services = ["s1", "s2", "s3"].map((name) => h.service(ns, name));
    const service = services[0] as string;
    for (const id of ["i-1", "i-2", "i-3"]) h.register(service, id);
    const ids = (key: string) => (out: any) => out[key].map((item: { Id: string }) => item.Id);
    assert.deepEqual(pages("ListServices", {}, 2, ids("Services")), [services.slice(0, 2), services.slice(2)]);
    assert.deepEqual(pages("ListInstances", { ServiceId: service }, 2, ids("Instances")), [["i-1", "i-2"], ["i-3"]]);
    assert.deepEqual(
      pages("ListOperations", {}, 3, ids("Operations")).map((page) => page.length),
      [3, 1],
    );
  });

  it("GetInstancesHealthStatus pages its status map", () => {
    const service = h.service(h.namespace("n"), "s", { HealthCheckCustomConfig: {} });
    for (const id of ["i-1", "i-2", "i-3"]) h.register(service, id);
    const keys = (out: any) => Object.keys(out.Status);
    assert.deepEqual(pages("GetInstancesHealthStatus", { ServiceId: service }, 2, keys), [["i-1", "i-2"], ["i-3"]]);
  });

  it("a page is not disturbed by items created after its token was issued", () => {
    for (const name of ["a", "b", "c"]) h.namespace(name);
    const first = h.call("ListNamespaces", { MaxResults: 2 });
    h.clock += 1;
    h.namespace("z");
    const rest = h.call("ListNamespaces", { MaxResults: 2, NextToken: first.NextToken });
    assert.deepEqual(
      rest.Namespaces.map((ns: { Name: string }) => ns.Name),
      ["c", "z"],
    );
    assert.equal(rest.NextToken, undefined);
  });

  it("without MaxResults a page holds up to 100 items, and the last page has no NextToken", () => {
    const ns = h.namespace("n");
    const service = h.service(ns, "s");
    for (let i = 0; i < 101; i++) h.register(service, `i-${String(i).padStart(3, "0")}`);
    const first = h.call("ListInstances", { ServiceId: service });
    assert.equal(first.Instances.length, 100);
    const second = h.call("ListInstances", { ServiceId: service, NextToken: first.NextToken });
    assert.deepEqual(second, { Instances: [{ Attributes: {}, Id: "i-100" }] });
  });

  it("MaxResults outside 1 to 100 and a NextToken that is not one of ours are InvalidInput", () => {
    h.fails("ListNamespaces", { MaxResults: 0 }, "InvalidInput", /Invalid value for parameter MaxResults/);
    h.fails("ListNamespaces", { MaxResults: 101 }, "InvalidInput", /less than or equal to 100/);
    h.fails("ListNamespaces", { NextToken: "garbage" }, "InvalidInput", /Invalid NextToken/);
  });
});
