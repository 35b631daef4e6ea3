/** Cloud Map operations: every change is recorded, found by id, and listed with filters. */
import assert from "node:assert/strict";
import { beforeEach, describe, it } from "node:test";
import { Harness, T0 } from "./harness.js";

let h: Harness;
let ns: string;
let service: string;

const listed = (filters: unknown[]) =>
  h
    .call("ListOperations", { Filters: filters })
    .Operations.map((op: { Id: string }) => h.call("GetOperation", { OperationId: op.Id }).Operation.Type);

describe("Cloud Map operations", () => {
  beforeEach(() => {
    h = new Harness();
    ns = h.namespace("a"); // at T0
    h.clock = T0 + 10_000;
    h.namespace("b");
    service = h.service(ns, "s");
    h.clock = T0 + 20_000;
    h.call("UpdateService", { Id: service, Service: { Description: "d" } });
    h.register(service, "i-1");
  });

  it("GetOperation on an unknown id is OperationNotFound", () => {
    h.fails("GetOperation", { OperationId: "nope" }, "OperationNotFound", /nope/);
  });

  it("ListOperations lists ids and statuses of every operation, oldest first", () => {
    const { Operations } = h.call("ListOperations");
    assert.equal(Operations.length, 4);
    assert.deepEqual(Object.keys(Operations[0]), ["Id", "Status"]);
    assert.ok(Operations.every((op: { Status: string }) => op.Status === "SUCCESS"));
    assert.deepEqual(listed([]), ["CREATE_NAMESPACE", "CREATE_NAMESPACE", "UPDATE_SERVICE", "REGISTER_INSTANCE"]);
  });

  it("filters by NAMESPACE_ID and SERVICE_ID", () => {
    assert.deepEqual(listed([{ Name: "NAMESPACE_ID", Values: [ns] }]), ["CREATE_NAMESPACE"]);
    assert.deepEqual(listed([{ Name: "SERVICE_ID", Values: [service] }]), ["UPDATE_SERVICE", "REGISTER_INSTANCE"]);
  });

  it("filters by TYPE and STATUS with EQ and IN", () => {
    assert.deepEqual(listed([{ Name: "TYPE", Values: ["UPDATE_SERVICE", "REGISTER_INSTANCE"], Condition: "IN" }]), [
      "UPDATE_SERVICE",
      "REGISTER_INSTANCE",
    ]);
    assert.equal(listed([{ Name: "STATUS", Values: ["SUCCESS"] }]).length, 4);
    assert.equal(listed([{ Name: "STATUS", Values: ["FAIL", "PENDING"], Condition: "IN" }]).length, 0);
  });

  it("filters by UPDATE_DATE with BETWEEN two Unix times in seconds", () => {
    const seconds = (ms: number) => String(ms / 1000);
    const between = [{ Name: "UPDATE_DATE", Values: [seconds(T0 + 5000), seconds(T0 + 15_000)], Condition: "BETWEEN" }];
    assert.deepEqual(listed(between), ["CREATE_NAMESPACE"]);
    h.fails("ListOperations", { Filters: [{ Name: "UPDATE_DATE", Values: ["1"] }] }, "InvalidInput", /EQ/);
    h.fails(
      "ListOperations",
      { Filters: [{ Name: "UPDATE_DATE", Values: ["yesterday", "today"], Condition: "BETWEEN" }] },
      "InvalidInput",
    );
  });

  it("combines filters: every one must match", () => {
    const filters = [
      { Name: "SERVICE_ID", Values: [service] },
      { Name: "TYPE", Values: ["REGISTER_INSTANCE"] },
    ];
    assert.deepEqual(listed(filters), ["REGISTER_INSTANCE"]);
  });
});
