/**
 * `npm run bench:serve`: `mesh serve` (bin/mesh.js, its own process) under the two loads that used to
 * sink it. First, with --verify-sigv4, 300 unauthenticated uploads of 10 MB each at once: the peak
 * RSS of the server while they are in flight (goal: under 150 MB; each is refused from its head and
 * never buffered). Then the latency of list-virtual-nodes through the SDK, one call at a time, with and
 * without another process holding the state's write lock while writes wait for it (goal: the same).
 */
import { type ChildProcessByStdio, execFileSync, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Readable, Writable } from "node:stream";
import { repoRoot } from "../scripts/generate-model.js";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
const { AppMesh } = await import("@aws-sdk/client-app-mesh");

const UPLOADS = Number(process.env.BENCH_UPLOADS ?? 300);
const UPLOAD_BYTES = 10 * 1024 * 1024;
const READS = Number(process.env.BENCH_READS ?? 300);
const WAITING_WRITES = 5;
const MESH = join(repoRoot, "bin", "mesh.js");
const CREDENTIALS = { accessKeyId: "AKIDBENCH", secretAccessKey: "bench-secret" };

interface Served {
  child: ChildProcessByStdio<null, Readable, null>;
  url: string;
}

async function startServe(stateDir: string, args: string[]): Promise<Served> {
  const child = spawn(process.execPath, [MESH, "serve", "--port", "0", ...args], {
    env: {
      ...process.env,
      MESH_STATE_DIR: stateDir,
      AWS_REGION: "us-east-1",
      MESH_SERVE_CREDENTIALS: `${CREDENTIALS.accessKeyId}:${CREDENTIALS.secretAccessKey}`,
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const [line] = (await once(child.stdout, "data")) as [Buffer];
  const url = /listening on (\S+)/.exec(line.toString())?.[1];
  if (!url) throw new Error(`mesh serve said: ${line}`);
  return { child, url };
}

async function stop({ child }: Served): Promise<void> {
  child.kill("SIGTERM");
  if (child.exitCode === null) await once(child, "close");
}

/** The resident set of a process, in MB (Linux /proc; elsewhere ps). */
function rssMb(pid: number): number {
  try {
    const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
    if (kb) return Number(kb) / 1024;
  } catch {
    // No /proc here.
  }
  return (
    Number(
      execFileSync("ps", ["-o", "rss=", "-p", String(pid)])
        .toString()
        .trim(),
    ) / 1024
  );
}

/** One unsigned upload that sends its 10 MB as fast as the server takes it; resolves with how it ended. */
function upload(url: string): Promise<string> {
  return new Promise((resolve) => {
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    let sent = 0;
    const req = request(`${url}/v20190125/meshes`, {
      method: "PUT",
      headers: { "content-type": "application/json", "content-length": UPLOAD_BYTES },
    });
    req.on("response", (res) => {
      res.resume();
      resolve(String(res.statusCode));
    });
    req.on("error", () => resolve("cut off"));
    const write = () => {
      while (sent < UPLOAD_BYTES) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once("drain", write);
      }
      req.end();
    };
    write();
  });
}

async function uploadsInFlight(): Promise<void> {
  const stateDir = mkdtempSync(join(tmpdir(), "mesh-bench-serve-"));
  const served = await startServe(stateDir, ["--verify-sigv4"]);
  try {
    const idle = rssMb(served.child.pid as number);
    let peak = idle;
    const sampler = setInterval(() => {
      peak = Math.max(peak, rssMb(served.child.pid as number));
    }, 20);
    const start = performance.now();
    const endings = await Promise.all(Array.from({ length: UPLOADS }, () => upload(served.url)));
    clearInterval(sampler);
    const seconds = (performance.now() - start) / 1000;
    const counts = new Map<string, number>();
    for (const ending of endings) counts.set(ending, (counts.get(ending) ?? 0) + 1);
    const how = [...counts].map(([ending, n]) => `${n} ${/^\d+$/.test(ending) ? `answered ${ending}` : ending}`);
    console.log(
      `mesh serve --verify-sigv4, ${UPLOADS} unauthenticated uploads of 10 MB at once (Node ${process.version}):`,
    );
    console.log(`  server RSS idle               ${idle.toFixed(0).padStart(6)} MB`);
    console.log(`  server RSS peak, in flight    ${peak.toFixed(0).padStart(6)} MB   (goal: under 150 MB)`);
    console.log(`  all ended in                  ${seconds.toFixed(2).padStart(6)} s    (${how.join(", ")})`);
  } finally {
    await stop(served);
    rmSync(stateDir, { recursive: true, force: true });
  }
}

/** Another process holding the state's write lock until `release()`. */
async function holdWriteLock(file: string): Promise<{ release(): Promise<void> }> {
  const script = `const Database = require("better-sqlite3");
    const db = new Database(process.argv[1]);
    db.exec("BEGIN IMMEDIATE");
    process.stdout.write("locked\\n");
    process.stdin.resume();
    process.stdin.on("end", () => db.exec("ROLLBACK"));`;
  const child: ChildProcessByStdio<Writable, Readable, null> = spawn(process.execPath, ["-e", script, file], {
    cwd: repoRoot,
    stdio: ["pipe", "pipe", "inherit"],
  });
  await once(child.stdout, "data");
  return {
    release: async () => {
      child.stdin.end();
      await once(child, "close");
    },
  };
}

function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] as number;
}

async function readLatencyUnderLock(): Promise<void> {
  const stateDir = mkdtempSync(join(tmpdir(), "mesh-bench-serve-"));
  const served = await startServe(stateDir, []);
  const client = new AppMesh({ endpoint: served.url, region: "us-east-1", credentials: CREDENTIALS, maxAttempts: 1 });
  const reads = async () => {
    const samples: number[] = [];
    for (let i = 0; i < READS; i++) {
      const start = performance.now();
      await client.listVirtualNodes({ meshName: "bench" });
      samples.push(performance.now() - start);
    }
    return samples;
  };
  try {
    await client.createMesh({ meshName: "bench" });
    for (let i = 0; i < 20; i++)
      await client.createVirtualNode({ meshName: "bench", virtualNodeName: `n${i}`, spec: {} });
    await reads();
    const free = await reads();
    const holder = await holdWriteLock(join(stateDir, "state.db"));
    const writes = Array.from({ length: WAITING_WRITES }, (_, i) =>
      client.createVirtualNode({ meshName: "bench", virtualNodeName: `waiting-${i}`, spec: {} }).then(
        () => "landed",
        (error: Error) => error.name,
      ),
    );
    const locked = await reads();
    await holder.release();
    const outcomes = await Promise.all(writes);
    const row = (label: string, samples: number[]) =>
      console.log(
        `  ${label.padEnd(58)} median ${percentile(samples, 0.5).toFixed(2).padStart(6)} ms   p99 ${percentile(samples, 0.99).toFixed(2).padStart(6)} ms`,
      );
    console.log(`list-virtual-nodes through mesh serve, ${READS} calls one at a time:`);
    row("no lock held", free);
    row(`another process holds the write lock, ${WAITING_WRITES} writes wait`, locked);
    console.log(
      `  ratio of medians (goal: 1.0)                               ${(percentile(locked, 0.5) / percentile(free, 0.5)).toFixed(2)}   (the waiting writes: ${[...new Set(outcomes)].join(", ")} once released)`,
    );
  } finally {
    client.destroy();
    await stop(served);
    rmSync(stateDir, { recursive: true, force: true });
  }
}

await uploadsInFlight();
await readLatencyUnderLock();
