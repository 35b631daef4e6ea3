/**
 * `npm run bench:graph`: how long `mesh graph` takes on a mesh of 200 virtual nodes (plus 200 virtual
 * services, 100 routers with 2 routes each, 3 gateways with 10 gateway routes each) on the local backend.
 * Prints the median of whole runs (`bin/mesh.js` as a subprocess, so after `npm run build`; then main()
 * in-process, per format), then of each phase: reading the mesh (list and describe calls), building the
 * graph, rendering it. Goal: a whole run under one second.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { repoRoot } from "../scripts/generate-model.js";
import { LocalBackend } from "../src/backend/local-backend.js";
import { snapshotFromBackend } from "../src/backend/mesh-snapshot.js";
import { main } from "../src/cli/main.js";
import { buildGraph } from "../src/graph/build.js";
import { renderDot } from "../src/graph/render/dot.js";
import { renderJson } from "../src/graph/render/json.js";
import { renderMermaid } from "../src/graph/render/mermaid.js";
import { renderText } from "../src/graph/render/text.js";
import { appmesh } from "../src/model/generated/appmesh.js";
import { operationByCliName } from "../src/model/models.js";

const runs = Number(process.env.BENCH_RUNS ?? 15);
const NODES = 200;
const meshName = "big";
const stateDir = mkdtempSync(join(tmpdir(), "mesh-bench-graph-"));
const backend = new LocalBackend({ region: "us-east-1", account: "123456789012", stateDir });

async function create(cliName: string, input: Record<string, unknown>): Promise<void> {
  const operation = operationByCliName(appmesh, cliName);
  if (!operation) throw new Error(`no operation ${cliName}`);
  await backend.call(operation, { meshName, ...input });
}

const pad = (i: number) => String(i % NODES).padStart(3, "0");
const listeners = [{ portMapping: { port: 8080, protocol: "http" } }];

async function createMesh(): Promise<void> {
  await create("create-mesh", {});
  for (let i = 0; i < NODES; i++) {
    const backends = [i + 1, i + 7].map((j) => ({ virtualService: { virtualServiceName: `svc-${pad(j)}.local` } }));
    const healthCheck = {
      protocol: "http",
      path: "/ping",
      intervalMillis: 5000,
      timeoutMillis: 2000,
      healthyThreshold: 2,
      unhealthyThreshold: 2,
    };
    await create("create-virtual-node", {
      virtualNodeName: `node-${pad(i)}`,
      spec: {
        listeners: [{ ...listeners[0], healthCheck }],
        serviceDiscovery: { dns: { hostname: `n${i}.local` } },
        backends,
      },
    });
  }
  for (let r = 0; r < NODES / 2; r++) {
    const virtualRouterName = `router-${pad(r)}`;
    const [a, b] = [`node-${pad(2 * r)}`, `node-${pad(2 * r + 1)}`];
    await create("create-virtual-router", { virtualRouterName, spec: { listeners } });
    const retryPolicy = { maxRetries: 2, perRetryTimeout: { value: 1, unit: "s" }, httpRetryEvents: ["server-error"] };
    const split = [
      { virtualNode: a, weight: 90 },
      { virtualNode: b, weight: 10 },
    ];
    await create("create-route", {
      virtualRouterName,
      routeName: "canary",
      spec: { priority: 10, httpRoute: { match: { prefix: "/" }, action: { weightedTargets: split }, retryPolicy } },
    });
    const headers = [{ name: "x-canary", match: { exact: "yes" } }];
    await create("create-route", {
      virtualRouterName,
      routeName: "beta",
      spec: {
        priority: 1,
        httpRoute: { match: { prefix: "/", headers }, action: { weightedTargets: [{ virtualNode: b, weight: 100 }] } },
      },
    });
  }
  for (let i = 0; i < NODES; i++) {
    const provider =
      i < NODES / 2
        ? { virtualRouter: { virtualRouterName: `router-${pad(i)}` } }
        : { virtualNode: { virtualNodeName: `node-${pad(i)}` } };
    await create("create-virtual-service", { virtualServiceName: `svc-${pad(i)}.local`, spec: { provider } });
  }
  for (let g = 0; g < 3; g++) {
    const virtualGatewayName = `gateway-${g}`;
    await create("create-virtual-gateway", { virtualGatewayName, spec: { listeners } });
    for (let k = 0; k < 10; k++) {
      const target = { virtualService: { virtualServiceName: `svc-${pad(g * 10 + k)}.local` } };
      await create("create-gateway-route", {
        virtualGatewayName,
        gatewayRouteName: `to-${k}`,
        spec: { httpRoute: { match: { prefix: `/${k}` }, action: { target } } },
      });
    }
  }
}

async function median(run: () => unknown): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < runs + 1; i++) {
    const start = performance.now();
    await run();
    if (i > 0) samples.push(performance.now() - start); // the first run warms caches and JIT
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)] as number;
}

async function graphCommand(format: string): Promise<void> {
  let output = "";
  const io = {
    stdout: (text: string) => {
      output += text;
    },
    stderr: (text: string) => process.stderr.write(text),
    env: { ...process.env, MESH_STATE_DIR: stateDir },
    cwd: process.cwd(),
    isTTY: () => false,
    columns: () => undefined,
  };
  const code = await main(["graph", "--mesh-name", meshName, "--format", format], io);
  if (code !== 0 || !output) throw new Error(`mesh graph --format ${format} failed (${code})`);
}

function graphSubprocess(): void {
  const args = [join(repoRoot, "bin", "mesh.js"), "graph", "--mesh-name", meshName];
  const result = spawnSync(process.execPath, args, { env: { ...process.env, MESH_STATE_DIR: stateDir } });
  if (result.status !== 0) throw new Error(`bin/mesh.js graph failed: ${result.stderr}`);
}

const show = (name: string, ms: number) => console.log(`  ${name.padEnd(34)} ${ms.toFixed(1).padStart(8)} ms`);

try {
  await createMesh();
  const resources = await snapshotFromBackend(backend, meshName);
  const graph = buildGraph(resources);
  console.log(
    `mesh graph on ${graph.nodes.length} resources (${resources.virtualNodes.length} virtual nodes) and ` +
      `${graph.edges.length} edges; median of ${runs} runs (Node ${process.version}):`,
  );
  show("bin/mesh.js graph (subprocess)", await median(graphSubprocess));
  for (const format of ["text", "mermaid", "dot", "json"]) {
    show(`mesh graph --format ${format}`, await median(() => graphCommand(format)));
  }
  console.log("phases:");
  show("read the mesh (list + describe)", await median(() => snapshotFromBackend(backend, meshName)));
  show("build the graph", await median(() => buildGraph(resources)));
  show("render text", await median(() => renderText(graph, false)));
  show("render text, coloured", await median(() => renderText(graph, true)));
  show("render mermaid", await median(() => renderMermaid(graph)));
  show("render dot", await median(() => renderDot(graph)));
  show("render json", await median(() => renderJson(graph)));
} finally {
  await backend.close();
  rmSync(stateDir, { recursive: true, force: true });
}
