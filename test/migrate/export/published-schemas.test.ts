/** The schema check the export tests rely on refuses what the published schemas refuse. */
import assert from "node:assert/strict";
import { it } from "node:test";
import { schemaProblems } from "./published-schemas.js";

it("catches objects their published schemas refuse, and names what has no schema", () => {
  const virtualService = (weight: unknown) => ({
    apiVersion: "networking.istio.io/v1",
    kind: "VirtualService",
    metadata: { name: "colors" },
    spec: { hosts: ["colors.local"], http: [{ route: [{ destination: { host: "v1" }, weight }] }] },
  });
  assert.equal(schemaProblems(virtualService(90)), "");
  assert.match(schemaProblems(virtualService("ninety")), /^VirtualService colors: /);
  const route = {
    apiVersion: "gateway.networking.k8s.io/v1",
    kind: "HTTPRoute",
    metadata: { name: "r" },
    spec: { rules: "all" },
  };
  assert.match(schemaProblems(route), /^HTTPRoute r: /);
  assert.equal(
    schemaProblems({ apiVersion: "example.com/v1", kind: "Thing" }),
    "no published schema for example.com/v1 Thing",
  );
});
