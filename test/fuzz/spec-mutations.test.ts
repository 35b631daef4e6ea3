/**
 * Fuzz: valid update requests, mutated at random (a member deleted, replaced by any JSON value, or an
 * unknown member added), sent through the CLI in-process on the local backend, 1,000 times per run.
 * Every run must end with exit 0, 252 or 254 and a message that says where the problem is; never a
 * stack trace; and a failed command must leave the state exactly as it was.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import Database from "better-sqlite3";
import fc from "fast-check";
import { meshJson, runMain, tempStateDir } from "../helpers/run-mesh.js";

type Json = Record<string, unknown>;

const http = (port: number) => ({ portMapping: { port, protocol: "http" } });
const BASES: Json[] = [
  {
    operation: "update-mesh",
    meshName: "fz",
    spec: { egressFilter: { type: "ALLOW_ALL" }, serviceDiscovery: { ipPreference: "IPv4_ONLY" } },
  },
  {
    operation: "update-virtual-node",
    meshName: "fz",
    virtualNodeName: "n1",
    spec: {
      listeners: [
        {
          ...http(8080),
          healthCheck: {
            protocol: "http",
            path: "/ping",
            intervalMillis: 5000,
            timeoutMillis: 2000,
            healthyThreshold: 2,
            unhealthyThreshold: 2,
          },
          connectionPool: { http: { maxConnections: 10, maxPendingRequests: 5 } },
          timeout: { http: { perRequest: { unit: "s", value: 15 } } },
          outlierDetection: {
            maxServerErrors: 5,
            interval: { unit: "s", value: 10 },
            baseEjectionDuration: { unit: "s", value: 30 },
            maxEjectionPercent: 50,
          },
        },
      ],
      serviceDiscovery: { dns: { hostname: "n1.fz.local" } },
      backends: [{ virtualService: { virtualServiceName: "svc.fz.local" } }],
    },
  },
  {
    operation: "update-route",
    meshName: "fz",
    virtualRouterName: "r",
    routeName: "main",
    spec: {
      priority: 10,
      httpRoute: {
        match: { prefix: "/", headers: [{ name: "x-canary", match: { exact: "1" } }], method: "GET" },
        action: {
          weightedTargets: [
            { virtualNode: "n1", weight: 90 },
            { virtualNode: "n2", weight: 10 },
          ],
        },
        retryPolicy: { maxRetries: 2, perRetryTimeout: { unit: "ms", value: 500 }, httpRetryEvents: ["server-error"] },
      },
    },
  },
  {
    operation: "update-virtual-service",
    meshName: "fz",
    virtualServiceName: "svc.fz.local",
    spec: { provider: { virtualRouter: { virtualRouterName: "r" } } },
  },
  {
    operation: "update-gateway-route",
    meshName: "fz",
    virtualGatewayName: "g",
    gatewayRouteName: "in",
    spec: {
      httpRoute: {
        match: { prefix: "/shop" },
        action: {
          target: { virtualService: { virtualServiceName: "svc.fz.local" } },
          rewrite: { prefix: { defaultPrefix: "ENABLED" } },
        },
      },
    },
  },
];

/** Every path into a JSON value, as lists of keys and indexes. */
function paths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(value)) return [prefix, ...value.flatMap((item, i) => paths(item, [...prefix, i]))];
  if (value && typeof value === "object") {
    return [prefix, ...Object.entries(value).flatMap(([k, v]) => paths(v, [...prefix, k]))];
  }
  return [prefix];
}

function mutate(base: Json, path: (string | number)[], action: string, replacement: unknown): Json {
  const copy = structuredClone(base);
  if (path.length === 0) return copy;
  let parent: any = copy;
  for (const key of path.slice(0, -1)) parent = parent[key];
  const last = path.at(-1) as string | number;
  if (action === "delete") {
    if (Array.isArray(parent)) parent.splice(Number(last), 1);
    else delete parent[last];
  } else if (action === "unknown" && parent && typeof parent === "object" && !Array.isArray(parent)) {
    parent.unexpectedMember = replacement;
  } else {
    parent[last] = replacement;
  }
  return copy;
}

describe("fuzzing specs through the CLI", () => {
  const state = tempStateDir();
  const opts = { stateDir: state.dir };
  const dbPath = join(state.dir, "state.db");

  before(async () => {
    const create = (...args: string[]) => meshJson(args, opts);
    await create("create-mesh", "--mesh-name", "fz");
    for (const name of ["n1", "n2"]) {
      await create(
        "create-virtual-node",
        "--mesh-name",
        "fz",
        "--virtual-node-name",
        name,
        "--spec",
        JSON.stringify({ listeners: [http(8080)], serviceDiscovery: { dns: { hostname: `${name}.fz.local` } } }),
      );
    }
    await create(
      "create-virtual-router",
      "--mesh-name",
      "fz",
      "--virtual-router-name",
      "r",
      "--spec",
      JSON.stringify({ listeners: [http(8080)] }),
    );
    const route = {
      httpRoute: { match: { prefix: "/" }, action: { weightedTargets: [{ virtualNode: "n1", weight: 100 }] } },
    };
    await create(
      "create-route",
      "--mesh-name",
      "fz",
      "--virtual-router-name",
      "r",
      "--route-name",
      "main",
      "--spec",
      JSON.stringify(route),
    );
    await create(
      "create-virtual-service",
      "--mesh-name",
      "fz",
      "--virtual-service-name",
      "svc.fz.local",
      "--spec",
      "{}",
    );
    await create(
      "create-virtual-gateway",
      "--mesh-name",
      "fz",
      "--virtual-gateway-name",
      "g",
      "--spec",
      JSON.stringify({ listeners: [http(80)] }),
    );
    const gatewayRoute = {
      httpRoute: {
        match: { prefix: "/" },
        action: { target: { virtualService: { virtualServiceName: "svc.fz.local" } } },
      },
    };
    await create(
      "create-gateway-route",
      "--mesh-name",
      "fz",
      "--virtual-gateway-name",
      "g",
      "--gateway-route-name",
      "in",
      "--spec",
      JSON.stringify(gatewayRoute),
    );
  });
  after(() => state.cleanup());

  function snapshot(): string {
    const db = new Database(dbPath, { readonly: true });
    try {
      return JSON.stringify(db.prepare("SELECT arn, version, spec, tags FROM resources ORDER BY arn").all());
    } finally {
      db.close();
    }
  }

  it("1,000 mutated requests end in 0, 252 or 254 with a located message, and failures write nothing", async () => {
    const outcomes = { 0: 0, 252: 0, 254: 0 } as Record<number, number>;
    const cases = fc
      .constantFrom(...BASES)
      .chain((base) =>
        fc.tuple(
          fc.constant(base),
          fc.constantFrom(...paths(base).filter((p) => p.length > 1 && p[0] === "spec")),
          fc.constantFrom("delete", "replace", "unknown"),
          fc.oneof(
            fc.jsonValue({ maxDepth: 2 }),
            fc.integer({ min: -10, max: 1_000_000 }),
            fc.string({ maxLength: 300 }),
          ),
        ),
      );
    await fc.assert(
      fc.asyncProperty(cases, async ([base, path, action, replacement]) => {
        const { operation, ...input } = mutate(base, path, action, replacement);
        const before = snapshot();
        const result = await runMain([String(operation), "--cli-input-json", JSON.stringify(input)], opts);
        assert.ok([0, 252, 254].includes(result.code), `exit ${result.code}: ${result.stderr}`);
        outcomes[result.code] = (outcomes[result.code] ?? 0) + 1;
        assert.doesNotMatch(result.stderr, /\n\s+at .+:\d+:\d+/, "no stack trace");
        if (result.code === 0) return;
        assert.equal(result.stdout, "");
        assert.equal(snapshot(), before, "a failed command changed the state");
        const located =
          /Parameter validation failed:\n.*(parameter|in|structure) [\w.[\]]+/.test(result.stderr) ||
          /\(BadRequestException\)[^\n]*detected: (Value .* at '[\w.[\]]+'|[\w.[\]]+: )/.test(result.stderr) ||
          /\((NotFoundException|ConflictException)\)[^\n]*with name /.test(result.stderr) ||
          /\(BadRequestException\)[^\n]*: (Service Discovery can't be set without a listener|If you specify a listener)/.test(
            result.stderr,
          ) ||
          /Error parsing parameter '--cli-input-json'/.test(result.stderr);
        assert.ok(located, `the message says where: ${result.stderr}`);
      }),
      { numRuns: 1000 },
    );
    assert.ok(outcomes[252] && outcomes[254], `both tiers were reached: ${JSON.stringify(outcomes)}`);
  });
});
