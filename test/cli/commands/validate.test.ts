/** `mesh validate`: documents checked one by one and as a set, offline, for CI. */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { repoRoot } from "../../../scripts/generate-model.js";
import { runMain } from "../../helpers/run-mesh.js";

const fixtures = join(repoRoot, "test", "fixtures", "validate");
const validate = (...args: string[]) =>
  runMain(["validate", ...args], { cwd: fixtures, stateDir: "/nonexistent/no-state-needed" });

describe("mesh validate", () => {
  const scratch = mkdtempSync(join(tmpdir(), "mesh-validate-"));
  after(() => rmSync(scratch, { recursive: true, force: true }));
  const file = (name: string, content: unknown) => {
    const path = join(scratch, name);
    writeFileSync(path, typeof content === "string" ? content : JSON.stringify(content));
    return path;
  };

  it("a clean set prints nothing and exits 0", async () => {
    assert.deepEqual(await validate("good"), { code: 0, stdout: "", stderr: "" });
  });

  it("reports one line per problem, file: path: message, then exits 1", async () => {
    const result = await validate("bad");
    assert.equal(result.code, 1);
    assert.deepEqual(result.stdout.split("\n").filter(Boolean), [
      "bad/limits.json: spec.listeners[0].portMapping.port: Value '70000' failed to satisfy constraint: Member must have value less than or equal to 65535",
      "bad/node.json: spec.listeners[0].healthCheck.intervalMillis: a required member is missing",
      'bad/routes.yaml#2: spec.httpRoute.match.prefix: a prefix must start with "/" (got "api")',
      "bad/routes.yaml#2: spec.httpRoute.retryPolicy: a retry policy needs at least one event in httpRetryEvents or tcpRetryEvents",
      "bad/routes.yaml#2: spec.httpRoute.action.weightedTargets: warning: the weights add up to 50, not 100",
      "bad/routes.yaml: virtualRouterName: warning: VirtualRouter empty-router has no routes: traffic to it goes nowhere",
      "bad/routes.yaml#2: spec.httpRoute.action.weightedTargets[0].virtualNode: VirtualNode ghost is not declared in mesh colors",
      "bad/routes.yaml#2: spec.httpRoute: httpRoute needs a router listener for http, but the router listens for grpc",
    ]);
    assert.equal(result.stderr, "6 errors, 2 warnings in 3 files\n");
  });

  it("--output json gives the same problems for machines", async () => {
    const result = await runMain(["validate", "bad", "--output", "json"], { cwd: fixtures });
    const report = JSON.parse(result.stdout);
    assert.deepEqual([report.files, report.documents, report.errors, report.warnings], [3, 5, 6, 2]);
    assert.deepEqual(Object.keys(report.problems[0]).sort(), [
      "document",
      "file",
      "message",
      "operation",
      "path",
      "severity",
    ]);
  });

  it("warnings alone pass, unless --strict", async () => {
    const router = file("router.json", {
      operation: "create-virtual-router",
      meshName: "m",
      virtualRouterName: "lonely",
      spec: { listeners: [{ portMapping: { port: 80, protocol: "http" } }] },
    });
    assert.equal((await validate(router)).code, 0);
    assert.equal((await validate("--strict", router)).code, 1);
  });

  it("checks the set: targets and providers must be declared, ports must line up", async () => {
    const docs = [
      {
        operation: "create-virtual-node",
        meshName: "m",
        virtualNodeName: "two",
        spec: {
          listeners: [{ portMapping: { port: 80, protocol: "http" } }, { portMapping: { port: 81, protocol: "http" } }],
        },
      },
      {
        operation: "create-virtual-node",
        meshName: "m",
        virtualNodeName: "one",
        spec: { listeners: [{ portMapping: { port: 80, protocol: "http" } }] },
      },
      {
        operation: "create-virtual-router",
        meshName: "m",
        virtualRouterName: "r",
        spec: { listeners: [{ portMapping: { port: 80, protocol: "http" } }] },
      },
      {
        operation: "create-route",
        meshName: "m",
        virtualRouterName: "r",
        routeName: "x",
        spec: {
          httpRoute: {
            match: { prefix: "/" },
            action: {
              weightedTargets: [
                { virtualNode: "two", weight: 50 },
                { virtualNode: "one", weight: 50, port: 9999 },
              ],
            },
          },
        },
      },
      {
        operation: "create-virtual-service",
        meshName: "m",
        virtualServiceName: "s",
        spec: { provider: { virtualRouter: { virtualRouterName: "gone" } } },
      },
    ];
    const result = await validate(file("set.json", docs));
    assert.deepEqual(
      result.stdout
        .split("\n")
        .filter(Boolean)
        .map((l) => l.replace(/^.*set\.json#?\d*: /, "")),
      [
        "spec.httpRoute.action.weightedTargets[0].port: virtual node two has several listeners: set the target port",
        "spec.httpRoute.action.weightedTargets[1].port: warning: virtual node one has no listener on port 9999 (listeners: 80): traffic to it is dropped",
        "spec.provider.virtualRouter.virtualRouterName: VirtualRouter gone is not declared in mesh m",
      ],
    );
  });

  it("refuses a resource declared twice, and unreadable or unknown documents", async () => {
    const node = { operation: "create-virtual-node", meshName: "m", virtualNodeName: "n", spec: {} };
    const lines = (
      await validate(
        file("twice.json", [node, node]),
        file("junk.json", "{"),
        file("odd.yaml", "operation: make-tea\n"),
      )
    ).stdout;
    assert.match(lines, /junk\.json: invalid JSON: /);
    assert.match(lines, /odd\.yaml: unknown operation "make-tea"/);
    assert.match(lines, /twice\.json#1: virtualNodeName: VirtualNode n is already declared in .*twice\.json\n/);
  });

  it("a path that does not exist is a usage error", async () => {
    const result = await validate("no-such-dir");
    assert.equal(result.code, 252);
    assert.match(result.stderr, /mesh: error: argument paths: no such file or directory: 'no-such-dir'/);
  });
});
