/**
 * One script of command lines, run twice: on the local backend, and on the AWS backend pointed at a
 * `mesh serve` on port 0. Every operation, every output format and the paging flags must print the same
 * stdout (uids and times aside) and exit with the same code, so formatting never depends on which
 * backend answered.
 */
import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { after, before, describe, it } from "node:test";
import { MESH_BIN, type MeshResult, runMain, runMesh, tempStateDir } from "../helpers/run-mesh.js";

const http = (port: number) => ({ portMapping: { port, protocol: "http" } });
/** A virtual node's spec: listeners need service discovery. */
const nodeSpec = (name: string, port: number) => ({
  listeners: [http(port)],
  serviceDiscovery: { dns: { hostname: `${name}.shop.local` } },
});
const json = (value: unknown) => JSON.stringify(value);
const M = ["--mesh-name", "shop"];
const ARN = "arn:aws:appmesh:us-east-1:123456789012:mesh/shop";

const SCRIPT: string[][] = [
  ["create-mesh", ...M, "--spec", "egressFilter={type=DROP_ALL}", "--tags", "key=team,value=web"],
  ["create-mesh", ...M],
  ["describe-mesh", ...M, "--output", "table"],
  ["describe-mesh", "--mesh-name", "nope"],
  ["update-mesh", ...M, "--spec", json({ egressFilter: { type: "ALLOW_ALL" } }), "--output", "yaml"],
  ...["a", "b", "c"].map((n) => [
    "create-virtual-node",
    ...M,
    "--virtual-node-name",
    n,
    "--spec",
    json(nodeSpec(n, 8080)),
  ]),
  [
    "create-virtual-node",
    ...M,
    "--virtual-node-name",
    "bad",
    "--spec",
    json({ listeners: [{ portMapping: { port: 70000, protocol: "http" } }] }),
  ],
  ["describe-virtual-node", ...M, "--virtual-node-name", "a", "--output", "text"],
  [
    "update-virtual-node",
    ...M,
    "--virtual-node-name",
    "a",
    "--spec",
    json(nodeSpec("a", 9090)),
    "--query",
    "virtualNode.metadata.version",
  ],
  ["list-virtual-nodes", ...M],
  ["list-virtual-nodes", ...M, "--page-size", "1", "--output", "text"],
  ["list-virtual-nodes", ...M, "--max-items", "2", "--page-size", "1"],
  ["list-virtual-nodes", ...M, "--starting-token", "eyJuZXh0VG9rZW4iOiBudWxsLCAiYm90b190cnVuY2F0ZV9hbW91bnQiOiAxfQ=="],
  ["list-virtual-nodes", ...M, "--max-items", "1", "--output", "yaml-stream"],
  ["list-virtual-nodes", ...M, "--no-paginate", "--output", "table"],
  ["create-virtual-router", ...M, "--virtual-router-name", "r", "--spec", json({ listeners: [http(8080)] })],
  ["describe-virtual-router", ...M, "--virtual-router-name", "r"],
  [
    "update-virtual-router",
    ...M,
    "--virtual-router-name",
    "r",
    "--spec",
    json({ listeners: [http(8080)] }),
    "--output",
    "text",
  ],
  ["list-virtual-routers", ...M, "--output", "table"],
  [
    "create-route",
    ...M,
    "--virtual-router-name",
    "r",
    "--route-name",
    "main",
    "--spec",
    json({
      httpRoute: {
        match: { prefix: "/" },
        action: {
          weightedTargets: [
            { virtualNode: "b", weight: 90 },
            { virtualNode: "c", weight: 10 },
          ],
        },
      },
    }),
  ],
  [
    "create-route",
    ...M,
    "--virtual-router-name",
    "r",
    "--route-name",
    "ghost",
    "--spec",
    json({ httpRoute: { match: { prefix: "/" }, action: { weightedTargets: [{ virtualNode: "zz", weight: 1 }] } } }),
  ],
  ["describe-route", ...M, "--virtual-router-name", "r", "--route-name", "main", "--output", "yaml"],
  [
    "update-route",
    ...M,
    "--virtual-router-name",
    "r",
    "--route-name",
    "main",
    "--spec",
    json({ tcpRoute: { action: { weightedTargets: [{ virtualNode: "b", weight: 1 }] } } }),
  ],
  ["list-routes", ...M, "--virtual-router-name", "r", "--query", "routes[].routeName", "--output", "text"],
  [
    "create-virtual-service",
    ...M,
    "--virtual-service-name",
    "web.local",
    "--spec",
    json({ provider: { virtualRouter: { virtualRouterName: "r" } } }),
  ],
  ["describe-virtual-service", ...M, "--virtual-service-name", "web.local", "--output", "table"],
  [
    "update-virtual-service",
    ...M,
    "--virtual-service-name",
    "web.local",
    "--spec",
    json({ provider: { virtualNode: { virtualNodeName: "b" } } }),
  ],
  ["list-virtual-services", ...M],
  ["delete-virtual-router", ...M, "--virtual-router-name", "r"],
  ["create-virtual-gateway", ...M, "--virtual-gateway-name", "g", "--spec", json({ listeners: [http(80)] })],
  ["describe-virtual-gateway", ...M, "--virtual-gateway-name", "g"],
  ["update-virtual-gateway", ...M, "--virtual-gateway-name", "g", "--spec", json({ listeners: [http(8000)] })],
  ["list-virtual-gateways", ...M, "--output", "yaml"],
  [
    "create-gateway-route",
    ...M,
    "--virtual-gateway-name",
    "g",
    "--gateway-route-name",
    "in",
    "--spec",
    json({
      httpRoute: {
        match: { prefix: "/shop" },
        action: { target: { virtualService: { virtualServiceName: "web.local" } } },
      },
    }),
  ],
  ["describe-gateway-route", ...M, "--virtual-gateway-name", "g", "--gateway-route-name", "in", "--output", "text"],
  [
    "update-gateway-route",
    ...M,
    "--virtual-gateway-name",
    "g",
    "--gateway-route-name",
    "in",
    "--spec",
    json({
      httpRoute: {
        match: { prefix: "/" },
        action: { target: { virtualService: { virtualServiceName: "web.local" } } },
      },
    }),
  ],
  ["list-gateway-routes", ...M, "--virtual-gateway-name", "g"],
  ["delete-virtual-service", ...M, "--virtual-service-name", "web.local"],
  ["delete-virtual-gateway", ...M, "--virtual-gateway-name", "g"],
  ["tag-resource", "--resource-arn", ARN, "--tags", "key=tier,value=front", "key=team,value=shop"],
  ["list-tags-for-resource", "--resource-arn", ARN, "--output", "text"],
  ["untag-resource", "--resource-arn", ARN, "--tag-keys", "tier"],
  ["list-tags-for-resource", "--resource-arn", ARN, "--output", "table"],
  ["list-meshes", "--output", "yaml-stream"],
  ["delete-mesh", ...M],
  ["delete-gateway-route", ...M, "--virtual-gateway-name", "g", "--gateway-route-name", "in"],
  ["delete-virtual-gateway", ...M, "--virtual-gateway-name", "g"],
  ["delete-route", ...M, "--virtual-router-name", "r", "--route-name", "main"],
  ["delete-virtual-service", ...M, "--virtual-service-name", "web.local"],
  ["delete-virtual-router", ...M, "--virtual-router-name", "r"],
  ...["a", "b", "c"].map((n) => ["delete-virtual-node", ...M, "--virtual-node-name", n]),
  ["delete-mesh", ...M, "--output", "text"],
  ["list-meshes"],
];

/**
 * uids and timestamps differ between two runs; everything else must not. A time on a whole second
 * prints without a fraction, which narrows a table's columns: tables are compared with their padding
 * and rules collapsed (format.test.ts holds their exact widths against the AWS CLI's).
 */
function comparable(result: MeshResult, table: boolean): MeshResult {
  const scrub = (text: string) => {
    const scrubbed = text
      .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, "<uid>")
      .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?\+00:00/g, "<time>");
    return table ? scrubbed.replace(/ {2,}/g, " ").replace(/-{2,}/g, "-") : scrubbed;
  };
  return { code: result.code, stdout: scrub(result.stdout), stderr: scrub(result.stderr) };
}

describe("the local backend and the AWS backend through mesh serve print the same", () => {
  const local = tempStateDir();
  const served = tempStateDir();
  let server: ChildProcess;
  let url = "";

  before(async () => {
    server = spawn(process.execPath, [MESH_BIN, "serve", "--port", "0"], {
      env: { ...process.env, MESH_STATE_DIR: served.dir },
      stdio: ["ignore", "pipe", "inherit"],
    });
    url = await new Promise<string>((resolve, reject) => {
      server.stdout?.on("data", (chunk: Buffer) => {
        const match = /listening on (http:\/\/\S+)/.exec(chunk.toString());
        if (match?.[1]) resolve(match[1]);
      });
      server.on("exit", (code) => reject(new Error(`mesh serve exited ${code}`)));
    });
  });
  after(async () => {
    server.kill("SIGTERM");
    await new Promise((resolve) => server.once("exit", resolve));
    local.cleanup();
    served.cleanup();
  });

  it("for every operation, every output format and the paging flags", async () => {
    const env = {
      TZ: "UTC",
      AWS_ACCESS_KEY_ID: "AKIDLOCAL",
      AWS_SECRET_ACCESS_KEY: "local",
      AWS_REGION: "us-east-1",
      AWS_MAX_ATTEMPTS: "1",
    };
    const covered = new Set<string>();
    for (const args of SCRIPT) {
      const table = args.includes("table");
      const onLocal = comparable(await runMain(args, { stateDir: local.dir, env: { TZ: "UTC" } }), table);
      const onServe = comparable(await runMesh([...args, "--endpoint-url", url], { env }), table);
      // With AWS_MAX_ATTEMPTS=1 the AWS CLI's error text gains "(reached max retries: 0)".
      const expectedStderr = onLocal.stderr.replace(/ operation: /, " operation (reached max retries: 0): ");
      assert.deepEqual(
        onServe,
        { ...onLocal, stderr: onLocal.code === 254 ? expectedStderr : onLocal.stderr },
        args.join(" "),
      );
      covered.add(args[0] as string);
    }
    assert.equal(covered.size, 38, "every App Mesh operation ran");
  });
});
