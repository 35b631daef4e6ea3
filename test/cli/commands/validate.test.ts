/** `mesh validate`: documents checked one by one and as a set, offline, for CI. */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { repoRoot } from "../../helpers/paths.js";
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
      'bad/routes.yaml#3: spec.httpRoute.match.prefix: a prefix must start with "/" (got "api")',
      "bad/routes.yaml#3: spec.httpRoute.retryPolicy: a retry policy needs at least one event in httpRetryEvents or tcpRetryEvents",
      "bad/routes.yaml#3: spec.httpRoute.action.weightedTargets: warning: the weights add up to 50, not 100",
      "bad/routes.yaml#1: virtualRouterName: warning: VirtualRouter empty-router has no routes: traffic to it goes nowhere",
      "bad/routes.yaml#3: spec.httpRoute.action.weightedTargets[0].virtualNode: VirtualNode ghost is not declared in mesh colors",
      "bad/routes.yaml#3: spec.httpRoute: httpRoute needs a router listener for http, but the router listens for grpc",
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
          serviceDiscovery: { dns: { hostname: "two.local" } },
        },
      },
      {
        operation: "create-virtual-node",
        meshName: "m",
        virtualNodeName: "one",
        spec: {
          listeners: [{ portMapping: { port: 80, protocol: "http" } }],
          serviceDiscovery: { dns: { hostname: "one.local" } },
        },
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
    assert.match(lines, /twice\.json#2: virtualNodeName: VirtualNode n is already declared in .*twice\.json#1\n/);
  });

  it("names documents from 1 (file#2 is the second), and a file's only document by the file alone", async () => {
    const route = (routeName: string, prefix: string) => ({
      operation: "create-route",
      meshName: "m",
      virtualRouterName: "r",
      routeName,
      spec: { httpRoute: { match: { prefix }, action: { weightedTargets: [{ virtualNode: "n", weight: 100 }] } } },
    });
    const node = { operation: "create-virtual-node", meshName: "m", virtualNodeName: "n", spec: {} };
    const router = {
      operation: "create-virtual-router",
      meshName: "m",
      virtualRouterName: "r",
      spec: { listeners: [{ portMapping: { port: 80, protocol: "http" } }] },
    };
    file("numbered.json", [node, router, route("good", "/"), route("bad", "nope")]);
    file("one.json", [{ ...node, virtualNodeName: "other", spec: { listeners: "x" } }]);
    const result = await runMain(["validate", "numbered.json", "one.json"], { cwd: scratch });
    assert.deepEqual(result.stdout.split("\n").filter(Boolean), [
      'numbered.json#4: spec.httpRoute.match.prefix: a prefix must start with "/" (got "nope")',
      "one.json: spec.listeners: invalid type <class 'str'>, expected <class 'list'>, <class 'tuple'>",
    ]);
    const json = JSON.parse(
      (await runMain(["validate", "numbered.json", "--output", "json"], { cwd: scratch })).stdout,
    );
    assert.deepEqual(
      json.problems.map((p: { file: string; document: number }) => [p.file, p.document]),
      [["numbered.json", 4]],
    );
  });

  it("says where a resource was first declared as the problem lines do: relative to the working directory", async () => {
    const node = { operation: "create-virtual-node", meshName: "m", virtualNodeName: "n", spec: {} };
    file("first.json", node);
    file("again.yaml", `${JSON.stringify({ ...node, virtualNodeName: "x" })}\n---\n${JSON.stringify(node)}\n`);
    const result = await runMain(["validate", "first.json", "again.yaml"], { cwd: scratch });
    assert.equal(result.stdout, "again.yaml#2: virtualNodeName: VirtualNode n is already declared in first.json\n");
  });

  it("a router has routes when a document names it, even one that fails its own checks", async () => {
    const router = {
      operation: "create-virtual-router",
      meshName: "m",
      virtualRouterName: "r",
      spec: { listeners: [{ portMapping: { port: 80, protocol: "http" } }] },
    };
    const route = {
      operation: "create-route",
      meshName: "m",
      virtualRouterName: "r",
      routeName: "x",
      spec: { httpRoute: 7 },
    };
    const lines = (await runMain(["validate", file("ill-typed-route.json", [router, route])], { cwd: scratch })).stdout;
    assert.match(lines, /ill-typed-route\.json#2: spec\.httpRoute: invalid type/);
    assert.doesNotMatch(lines, /has no routes/);
  });

  it("a delete-* document removes what was declared before it", async () => {
    const node = { operation: "create-virtual-node", meshName: "m", virtualNodeName: "n", spec: {} };
    const gone = { operation: "delete-virtual-node", meshName: "m", virtualNodeName: "n" };
    const router = {
      operation: "create-virtual-router",
      meshName: "m",
      virtualRouterName: "r",
      spec: { listeners: [{ portMapping: { port: 80, protocol: "http" } }] },
    };
    const route = {
      operation: "create-route",
      meshName: "m",
      virtualRouterName: "r",
      routeName: "x",
      spec: { httpRoute: { match: { prefix: "/" }, action: { weightedTargets: [{ virtualNode: "n", weight: 100 }] } } },
    };
    const lines = (await runMain(["validate", file("deleted.json", [node, gone, router, route])], { cwd: scratch }))
      .stdout;
    assert.equal(
      lines,
      "deleted.json#4: spec.httpRoute.action.weightedTargets[0].virtualNode: VirtualNode n is not declared in mesh m\n",
    );
  });

  it("`mesh validate help` explains the command; unknown flags and formats are usage errors", async () => {
    const help = await validate("help");
    assert.equal(help.code, 0);
    assert.match(help.stdout, /^NAME\n {7}validate - /);
    const unknown = await validate("--bogus", "good");
    assert.equal(unknown.code, 252);
    assert.match(unknown.stderr, /Unknown options: --bogus\n/);
    const format = await runMain(["validate", "good", "--output", "table"], { cwd: fixtures });
    assert.equal(format.code, 252);
    assert.match(format.stderr, /argument --output: Invalid choice/);
  });

  it("a path that does not exist is a usage error", async () => {
    const result = await validate("no-such-dir");
    assert.equal(result.code, 252);
    assert.match(result.stderr, /mesh: error: argument paths: no such file or directory: 'no-such-dir'/);
  });
});
