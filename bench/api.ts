/**
 * `npm run bench:api`: `mesh serve` through @aws-sdk/client-app-mesh, in this process, on a temp state
 * directory. Prints ops/s for create, describe and list (one request at a time, so each figure is
 * the round trip: SDK, HTTP, SigV4 parsing, emulator, SQLite), then the time of one
 * `list-virtual-nodes` page of 100 at 100, 1,000 and 10,000 nodes in a mesh, at the start of the
 * list and at its end: a page must cost the same wherever it is and however big the mesh.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openState } from "../src/emulator/open.js";
import { startServer } from "../src/emulator/server/server.js";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
const { AppMesh } = await import("@aws-sdk/client-app-mesh");

const OPS = Number(process.env.BENCH_OPS ?? 1000);
const PAGE_SAMPLES = 30;
const SIZES = [100, 1_000, 10_000];
const quotas = { virtualNodesPerMesh: 20_000 };

const stateDir = mkdtempSync(join(tmpdir(), "mesh-bench-api-"));
const server = await startServer({ stateDir, account: "123456789012", region: "us-east-1", appMesh: { quotas } });
const client = new AppMesh({
  endpoint: server.url,
  region: "us-east-1",
  credentials: { accessKeyId: "AKIDBENCH", secretAccessKey: "bench" },
  maxAttempts: 1,
});
const name = (i: number) => `node-${String(i).padStart(5, "0")}`;

async function opsPerSecond(label: string, run: (i: number) => Promise<unknown>): Promise<void> {
  const start = performance.now();
  for (let i = 0; i < OPS; i++) await run(i);
  const seconds = (performance.now() - start) / 1000;
  console.log(`  ${label.padEnd(24)} ${(OPS / seconds).toFixed(0).padStart(6)} ops/s`);
}

async function medianMs(run: () => Promise<unknown>): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < PAGE_SAMPLES; i++) {
    const start = performance.now();
    await run();
    samples.push(performance.now() - start);
  }
  return samples.sort((a, b) => a - b)[Math.floor(samples.length / 2)] as number;
}

/** Fills a mesh straight through the emulator on the same state: the SDK would take minutes for 10,000. */
function seed(meshName: string, count: number): void {
  const state = openState({ stateDir, appMesh: { quotas } });
  const emulator = state.appMesh({ account: "123456789012", region: "us-east-1" });
  try {
    emulator.call("CreateMesh", { meshName });
    for (let i = 0; i < count; i++)
      emulator.call("CreateVirtualNode", { meshName, virtualNodeName: name(i), spec: {} });
  } finally {
    state.close();
  }
}

/** The nextToken of the last page of 100. */
async function lastPageToken(meshName: string): Promise<string | undefined> {
  let token: string | undefined;
  let previous: string | undefined;
  do {
    previous = token;
    token = (await client.listVirtualNodes({ meshName, limit: 100, nextToken: token })).nextToken;
  } while (token);
  return previous;
}

try {
  await client.createMesh({ meshName: "bench" });
  console.log(
    `mesh serve through @aws-sdk/client-app-mesh, ${OPS} calls each, one at a time (Node ${process.version}):`,
  );
  await opsPerSecond("create-virtual-node", (i) =>
    client.createVirtualNode({ meshName: "bench", virtualNodeName: name(i), spec: {} }),
  );
  await opsPerSecond("describe-virtual-node", (i) =>
    client.describeVirtualNode({ meshName: "bench", virtualNodeName: name((i * 7919) % OPS) }),
  );
  await opsPerSecond("list-virtual-nodes (10)", () => client.listVirtualNodes({ meshName: "bench", limit: 10 }));

  console.log(`list-virtual-nodes --limit 100, median of ${PAGE_SAMPLES}:`);
  for (const size of SIZES) {
    const meshName = `page-${size}`;
    seed(meshName, size);
    const first = await medianMs(() => client.listVirtualNodes({ meshName, limit: 100 }));
    const nextToken = await lastPageToken(meshName);
    const last = await medianMs(() => client.listVirtualNodes({ meshName, limit: 100, nextToken }));
    console.log(
      `  ${String(size).padStart(6)} nodes   first page ${first.toFixed(2).padStart(6)} ms   last page ${last.toFixed(2).padStart(6)} ms`,
    );
  }
} finally {
  client.destroy();
  await server.close();
  rmSync(stateDir, { recursive: true, force: true });
}
