/** Tags on Cloud Map namespaces and services, by ARN. */
import assert from "node:assert/strict";
import { beforeEach, describe, it } from "node:test";
import { Harness } from "./harness.js";

let h: Harness;
let nsArn: string;
let serviceArn: string;

const tags = (arn: string) => h.call("ListTagsForResource", { ResourceARN: arn }).Tags;

describe("Cloud Map tags", () => {
  beforeEach(() => {
    h = new Harness({ tagsPerResource: 3 });
    const ns = h.namespace("a", "CreateHttpNamespace", { Tags: [{ Key: "team", Value: "paint" }] });
    nsArn = h.call("GetNamespace", { Id: ns }).Namespace.Arn;
    serviceArn = h.call("CreateService", { Name: "s", NamespaceId: ns }).Service.Arn;
  });

  it("tags given at creation are listed", () => {
    assert.deepEqual(tags(nsArn), [{ Key: "team", Value: "paint" }]);
    assert.deepEqual(tags(serviceArn), []);
  });

  it("TagResource adds tags and overwrites the values of existing keys", () => {
    assert.deepEqual(
      h.call("TagResource", {
        ResourceARN: nsArn,
        Tags: [
          { Key: "team", Value: "ink" },
          { Key: "env", Value: "dev" },
        ],
      }),
      {},
    );
    assert.deepEqual(tags(nsArn), [
      { Key: "team", Value: "ink" },
      { Key: "env", Value: "dev" },
    ]);
  });

  it("UntagResource removes the given keys and ignores unknown ones", () => {
    h.call("TagResource", {
      ResourceARN: serviceArn,
      Tags: [
        { Key: "a", Value: "1" },
        { Key: "b", Value: "2" },
      ],
    });
    assert.deepEqual(h.call("UntagResource", { ResourceARN: serviceArn, TagKeys: ["a", "zzz"] }), {});
    assert.deepEqual(tags(serviceArn), [{ Key: "b", Value: "2" }]);
  });

  it("more tags than the quota is TooManyTagsException, naming the resource", () => {
    const four = ["a", "b", "c", "d"].map((Key) => ({ Key, Value: "" }));
    const error = h.fails("TagResource", { ResourceARN: serviceArn, Tags: four }, "TooManyTagsException");
    assert.deepEqual(error.fields, { ResourceName: serviceArn });
    h.fails("CreateHttpNamespace", { Name: "b", Tags: four }, "TooManyTagsException");
    h.fails("CreateService", { Name: "t", NamespaceId: "ns-0000000000000001", Tags: four }, "TooManyTagsException");
    assert.equal(h.call("ListNamespaces").Namespaces.length, 1);
  });

  it("an ARN of a missing, deleted or foreign resource is ResourceNotFoundException", () => {
    const missing = serviceArn.replace(/srv-\w+$/, "srv-0000000000000099");
    h.fails("ListTagsForResource", { ResourceARN: missing }, "ResourceNotFoundException");
    h.fails(
      "TagResource",
      { ResourceARN: nsArn.replace("eu-west-1", "us-east-1"), Tags: [] },
      "ResourceNotFoundException",
    );
    h.fails(
      "UntagResource",
      { ResourceARN: nsArn.replace("111122223333", "999999999999"), TagKeys: [] },
      "ResourceNotFoundException",
    );
    const id = serviceArn.split("/")[1];
    h.call("DeleteService", { Id: id });
    h.fails("ListTagsForResource", { ResourceARN: serviceArn }, "ResourceNotFoundException");
  });

  it("a string that is not a Cloud Map ARN is InvalidInput", () => {
    h.fails("ListTagsForResource", { ResourceARN: "arn:aws:appmesh:eu-west-1:111122223333:mesh/m" }, "InvalidInput");
  });
});
