/** The emulator's front door: unknown operations, the two tiers of input validation, error statuses. */
import assert from "node:assert/strict";
import { beforeEach, describe, it } from "node:test";
import { servicediscovery } from "../../../src/model/generated/servicediscovery.js";
import { ServiceError } from "../../../src/model/service-error.js";
import { Harness } from "./harness.js";

let h: Harness;

describe("Cloud Map emulator", () => {
  beforeEach(() => {
    h = new Harness();
  });

  it("emulates every operation of the model", () => {
    for (const op of servicediscovery.operations) {
      try {
        h.call(op.name, {});
      } catch (error) {
        assert.ok(error instanceof ServiceError, `${op.name}: ${String(error)}`);
        assert.doesNotMatch(error.message, /Unknown operation/, op.name);
      }
    }
  });

  it("an unknown operation is InvalidInput", () => {
    h.fails("DeleteEverything", {}, "InvalidInput", /^Unknown operation DeleteEverything$/);
  });

  it("input the SDK would refuse is InvalidInput with botocore's report", () => {
    const error = h.fails("CreateService", { Name: 7, Bogus: 1 }, "InvalidInput");
    assert.equal(
      error.message,
      [
        "Parameter validation failed:",
        'Unknown parameter in input: "Bogus", must be one of: Name, NamespaceId, CreatorRequestId, Description, DnsConfig, HealthCheckConfig, HealthCheckCustomConfig, Tags, Type',
        "Invalid type for parameter Name, value: 7, type: <class 'int'>, valid types: <class 'str'>",
      ].join("\n"),
    );
  });

  it("input the service would refuse is InvalidInput in the service's words, every problem at once", () => {
    const error = h.fails(
      "CreateHttpNamespace",
      { Name: "n", Description: "d".repeat(1025), Tags: [{ Key: "k".repeat(129), Value: "" }] },
      "InvalidInput",
    );
    assert.equal(
      error.message,
      "2 validation errors detected: " +
        `Value '${"d".repeat(1025)}' at 'description' failed to satisfy constraint: Member must have length less than or equal to 1024; ` +
        `Value '${"k".repeat(129)}' at 'tags.1.member.key' failed to satisfy constraint: Member must have length less than or equal to 128`,
    );
  });

  it("refused input writes nothing", () => {
    h.fails("CreateHttpNamespace", { Name: "n", Description: "d".repeat(1025) }, "InvalidInput");
    assert.deepEqual(h.call("ListNamespaces"), { Namespaces: [] });
  });
});
