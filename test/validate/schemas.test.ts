/**
 * The generated JSON Schemas (checked with ajv) and the validation mesh runs (the model walk of tiers
 * 1 and 2) give the same verdict on the same inputs: valid inputs, and a thousand random mutations.
 */
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import Ajv2020 from "ajv/dist/2020.js";
import fc from "fast-check";
import { SCHEMA_BASE } from "../../scripts/json-schemas.js";
import { appmesh } from "../../src/model/generated/appmesh.js";
import { checkConstraints } from "../../src/validate/constraints.js";
import { checkParams } from "../../src/validate/params.js";
import { repoRoot } from "../helpers/paths.js";

const dir = join(repoRoot, "schemas", "appmesh");
const ajv = new Ajv2020.default({ allErrors: true, strict: true });
for (const file of readdirSync(dir)) ajv.addSchema(JSON.parse(readFileSync(join(dir, file), "utf8")));

const http = { portMapping: { port: 8080, protocol: "http" } };
const INPUTS: [string, Record<string, unknown>][] = [
  ["create-mesh", { meshName: "m", spec: { egressFilter: { type: "DROP_ALL" } }, tags: [{ key: "a", value: "b" }] }],
  [
    "create-virtual-node",
    {
      meshName: "m",
      virtualNodeName: "n",
      spec: {
        listeners: [
          {
            ...http,
            healthCheck: {
              protocol: "http",
              path: "/",
              intervalMillis: 5000,
              timeoutMillis: 2000,
              healthyThreshold: 2,
              unhealthyThreshold: 2,
            },
          },
        ],
        serviceDiscovery: {
          awsCloudMap: { namespaceName: "ns", serviceName: "s", attributes: [{ key: "k", value: "v" }] },
        },
        backends: [{ virtualService: { virtualServiceName: "b.local" } }],
      },
    },
  ],
  [
    "create-route",
    {
      meshName: "m",
      virtualRouterName: "r",
      routeName: "x",
      spec: {
        priority: 1,
        httpRoute: {
          match: { prefix: "/", headers: [{ name: "h", match: { range: { start: 1, end: 5 } } }] },
          action: { weightedTargets: [{ virtualNode: "n", weight: 100 }] },
          retryPolicy: {
            maxRetries: 1,
            perRetryTimeout: { unit: "ms", value: 10 },
            tcpRetryEvents: ["connection-error"],
          },
        },
      },
    },
  ],
  ["list-virtual-nodes", { meshName: "m", limit: 10 }],
];

const walkSaysValid = (shape: string, input: unknown) =>
  checkParams(appmesh, shape, input).length === 0 && checkConstraints(appmesh, shape, input).length === 0;

function schemaSaysValid(command: string, input: unknown): boolean {
  const validate = ajv.getSchema(`${SCHEMA_BASE}/appmesh/${command}.input.schema.json`);
  assert.ok(validate, command);
  return validate(input) as boolean;
}

function paths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(value)) return [prefix, ...value.flatMap((item, i) => paths(item, [...prefix, i]))];
  if (value && typeof value === "object")
    return [prefix, ...Object.entries(value).flatMap(([k, v]) => paths(v, [...prefix, k]))];
  return [prefix];
}

function replaceAt(
  input: Record<string, unknown>,
  path: (string | number)[],
  replacement: unknown,
): Record<string, unknown> {
  const copy = structuredClone(input);
  let parent: any = copy;
  for (const key of path.slice(0, -1)) parent = parent[key];
  if (replacement === undefined) delete parent[path.at(-1) as string];
  else parent[path.at(-1) as string] = replacement;
  return copy;
}

describe("the JSON Schemas and the model walk agree", () => {
  it("on the valid inputs", () => {
    for (const [command, input] of INPUTS) {
      const op = appmesh.operations.find((o) => o.cliName === command);
      assert.equal(walkSaysValid(op?.input?.shape ?? "", input), true, command);
      assert.equal(schemaSaysValid(command, input), true, `${command}: ${JSON.stringify(ajv.errors)}`);
    }
  });

  it("on 1,000 random mutations of them", () => {
    const cases = fc
      .constantFrom(...INPUTS)
      .chain(([command, input]) =>
        fc.tuple(
          fc.constant(command),
          fc.constant(input),
          fc.constantFrom(...paths(input).filter((p) => p.length > 0)),
          fc.oneof(
            fc.constant(undefined),
            fc.jsonValue({ maxDepth: 1 }),
            fc.integer({ min: -5, max: 70000 }),
            fc.string({ maxLength: 260 }),
            fc.constantFrom("DROP_ALL", "http", "BOGUS", "/", "", "ms"),
          ),
        ),
      );
    fc.assert(
      fc.property(cases, ([command, input, path, replacement]) => {
        const mutated = replaceAt(input, path, replacement);
        const op = appmesh.operations.find((o) => o.cliName === command);
        const walk = walkSaysValid(op?.input?.shape ?? "", mutated);
        const schema = schemaSaysValid(command, mutated);
        assert.equal(walk, schema, `${command} ${JSON.stringify(mutated)}: walk ${walk}, schema ${schema}`);
      }),
      { numRuns: 1000 },
    );
  });
});
