/** Service attributes: merged by UpdateServiceAttributes, removed by key, at most 30, and only on a service that exists. */
import assert from "node:assert/strict";
import { beforeEach, describe, it } from "node:test";
import { Harness } from "./harness.js";

let h: Harness;
let service: string;

const attributes = () => h.call("GetServiceAttributes", { ServiceId: service }).ServiceAttributes;

describe("Cloud Map service attributes", () => {
  beforeEach(() => {
    h = new Harness();
    service = h.service(h.namespace("shop.local"), "web");
  });

  it("a new service has none, under its ARN", () => {
    const arn = h.call("GetService", { Id: service }).Service.Arn;
    assert.deepEqual(attributes(), { ServiceArn: arn, Attributes: {} });
  });

  it("UpdateServiceAttributes adds and overwrites keys, keeping the others", () => {
    assert.deepEqual(
      h.call("UpdateServiceAttributes", { ServiceId: service, Attributes: { tier: "web", v: "1" } }),
      {},
    );
    h.call("UpdateServiceAttributes", { ServiceId: service, Attributes: { v: "2" } });
    assert.deepEqual(attributes().Attributes, { tier: "web", v: "2" });
  });

  it("DeleteServiceAttributes removes the keys named, and ignores keys it does not have", () => {
    h.call("UpdateServiceAttributes", { ServiceId: service, Attributes: { a: "1", b: "2", c: "3" } });
    assert.deepEqual(h.call("DeleteServiceAttributes", { ServiceId: service, Attributes: ["a", "c", "zz"] }), {});
    assert.deepEqual(attributes().Attributes, { b: "2" });
  });

  it("more than 30 attributes in all is ServiceAttributesLimitExceededException, and changes nothing", () => {
    const many = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`k${i}`, "v"]));
    h.call("UpdateServiceAttributes", { ServiceId: service, Attributes: many });
    h.fails(
      "UpdateServiceAttributes",
      { ServiceId: service, Attributes: { one: "more" } },
      "ServiceAttributesLimitExceededException",
    );
    assert.equal(Object.keys(attributes().Attributes).length, 30);
  });

  it("the service may be named by its ARN; an unknown service is ServiceNotFound", () => {
    const arn = h.call("GetService", { Id: service }).Service.Arn;
    h.call("UpdateServiceAttributes", { ServiceId: arn, Attributes: { k: "v" } });
    assert.deepEqual(h.call("GetServiceAttributes", { ServiceId: arn }).ServiceAttributes.Attributes, { k: "v" });
    h.fails("GetServiceAttributes", { ServiceId: "srv-doesnotexist000" }, "ServiceNotFound");
    h.fails("DeleteServiceAttributes", { ServiceId: "srv-doesnotexist000", Attributes: ["k"] }, "ServiceNotFound");
  });

  it("the model's bounds are checked: no empty update, no empty key list", () => {
    h.fails("UpdateServiceAttributes", { ServiceId: service, Attributes: {} }, "InvalidInput");
    h.fails("DeleteServiceAttributes", { ServiceId: service, Attributes: [] }, "InvalidInput");
  });
});
