/**
 * `npm run bench:proxy`: what the proxy costs, measured against the same upstream in the same run
 * (dataplane.md §20). The upstream (a bare node:http server) and the load generator run in their own
 * processes; this process runs the sidecars (MeshUp), so its CPU is the proxy's.
 *
 *   1. direct, one hop (load → a node's ingress listener → app), two hops (load → caller's egress →
 *      the node's ingress → app), at c=1, 10 and 50: rps, p50, p99 and the ratios to direct (wrk when
 *      installed, else autocannon);
 *   2. the proxy's CPU per 1,000 rps at a fixed rate through two hops (h2load --rps when installed,
 *      else autocannon -R), and its CPU time per request at c=10 (with wrk);
 *   3. `mesh up` (bin/mesh.js) for a 2-node and a 200-node mesh: start-up time and RSS.
 *
 * BENCH_DURATION (seconds per run, default 5), BENCH_RATE (fixed rate, default 1000 rps),
 * BENCH_PROFILE=1 (a CPU profile of the proxy at c=10 through two hops: its top functions by self time).
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { Session } from "node:inspector/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { repoRoot } from "../scripts/generate-model.js";
import { parseEndpointOverride } from "../src/dataplane/up/endpoints.js";
import { MeshUp } from "../src/dataplane/up/mesh-up.js";
import { openState } from "../src/emulator/open.js";
import { emptySnapshot, type MeshSnapshot } from "../src/snapshot/snapshot.js";

const DURATION = Number(process.env.BENCH_DURATION ?? 5);
const RATE = Number(process.env.BENCH_RATE ?? 1000);
const MESH = join(repoRoot, "bin", "mesh.js");

function has(command: string): boolean {
  try {
    execFileSync("sh", ["-c", `command -v ${command}`], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

const WRK = has("wrk");
const H2LOAD = has("h2load");

/** The upstream application, in its own process: the smallest node:http server. */
async function startUpstream(): Promise<{ port: number; child: ChildProcess }> {
  const code = `const s = require("node:http").createServer((q, r) => { r.writeHead(200, { "content-type": "text/plain" }); r.end("hello world\\n"); });
    s.keepAliveTimeout = 60000; s.listen(0, "127.0.0.1", () => console.log(s.address().port));`;
  const child = spawn(process.execPath, ["-e", code], { stdio: ["ignore", "pipe", "inherit"] });
  const port = await new Promise<number>((resolve) =>
    child.stdout?.once("data", (data) => resolve(Number(String(data)))),
  );
  return { port, child };
}

/** caller → backend svc.local → node app (one http listener on 8080, its application at `app`). */
function benchMesh(): MeshSnapshot {
  const snapshot = emptySnapshot("bench");
  snapshot.revision = "1";
  snapshot.virtualNodes = [
    { name: "caller", spec: { backends: [{ virtualService: { virtualServiceName: "svc.local" } }] } },
    { name: "app", spec: { listeners: [{ portMapping: { port: 8080, protocol: "http" } }] } },
  ];
  snapshot.virtualServices = [{ name: "svc.local", spec: { provider: { virtualNode: { virtualNodeName: "app" } } } }];
  return snapshot;
}

interface Result {
  rps: number;
  p50: number;
  p99: number;
}

function parseWrkLatency(text: string, label: string): number {
  const match = new RegExp(`${label}\\s+([\\d.]+)(us|ms|s)`).exec(text);
  if (!match) return Number.NaN;
  const value = Number(match[1]);
  return match[2] === "us" ? value / 1000 : match[2] === "s" ? value * 1000 : value;
}

async function load(address: string, connections: number, seconds: number, host?: string): Promise<Result> {
  if (WRK) {
    const args = [
      "-t1",
      `-c${connections}`,
      `-d${seconds}s`,
      "--latency",
      ...(host ? ["-H", `Host: ${host}`] : []),
      `http://${address}/`,
    ];
    const text = await run("wrk", args);
    return {
      rps: Number(/Requests\/sec:\s+([\d.]+)/.exec(text)?.[1]),
      p50: parseWrkLatency(text, "50%"),
      p99: parseWrkLatency(text, "99%"),
    };
  }
  const { default: autocannon } = await import("autocannon");
  const result = await autocannon({
    url: `http://${address}/`,
    connections,
    duration: seconds,
    headers: host ? { host } : {},
  });
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99 };
}

function run(command: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout.on("data", (chunk) => (out += chunk));
    child.on("error", reject);
    child.on("close", () => resolve(out));
  });
}

/** The proxy's CPU seconds per wall second per 1,000 rps, at `rate` rps through `address`. */
async function cpuAtRate(
  address: string,
  host: string,
  rate: number,
): Promise<{ vcpuPer1k: number; achieved: number }> {
  const before = process.cpuUsage();
  const start = performance.now();
  let achieved = rate;
  if (H2LOAD) {
    const clients = Math.max(1, Math.round(rate / 100));
    const out = await run("h2load", [
      "--h1",
      "-c",
      String(clients),
      "--rps",
      String(rate / clients),
      "-D",
      String(DURATION),
      "-H",
      `host: ${host}`,
      `http://${address}/`,
    ]);
    achieved = Number(/finished in [\d.]+s, ([\d.]+) req\/s/.exec(out)?.[1] ?? rate);
  } else {
    const { default: autocannon } = await import("autocannon");
    const result = await autocannon({
      url: `http://${address}/`,
      connections: Math.max(1, Math.round(rate / 100)),
      overallRate: rate,
      duration: DURATION,
      headers: { host },
    });
    achieved = result.requests.average;
  }
  const used = process.cpuUsage(before);
  const wall = (performance.now() - start) / 1000;
  const vcpu = (used.user + used.system) / 1e6 / wall;
  return { vcpuPer1k: vcpu / (achieved / 1000), achieved };
}

/**
 * The proxy's CPU time per request through `address` at c=10, the median of five runs: the steadiest
 * figure of what the proxy costs, since the load generator (wrk) runs in a process of its own.
 */
async function cpuPerRequest(address: string, host: string): Promise<number[]> {
  const runs: number[] = [];
  for (let i = 0; i < 5; i++) {
    const before = process.cpuUsage();
    const text = await run("wrk", ["-t1", "-c10", `-d${DURATION}s`, "-H", `Host: ${host}`, `http://${address}/`]);
    const used = process.cpuUsage(before);
    runs.push((used.user + used.system) / Number(/(\d+) requests in/.exec(text)?.[1]));
  }
  return runs.sort((a, b) => a - b);
}

/** Start-up time (to the first JSON line) and RSS of bin/mesh.js up on a mesh of `nodes` nodes. */
async function meshUpFootprint(nodes: number): Promise<{ startMs: number; rssMb: number }> {
  const stateDir = mkdtempSync(join(tmpdir(), "mesh-bench-up-"));
  try {
    const state = openState({
      stateDir,
      appMesh: { quotas: { virtualNodesPerMesh: 1000, virtualServicesPerMesh: 1000 } },
    });
    const api = state.appMesh({ account: "123456789012", region: "us-east-1" });
    api.call("CreateMesh", { meshName: "big" });
    for (let i = 0; i < nodes; i++) {
      api.call("CreateVirtualNode", {
        meshName: "big",
        virtualNodeName: `n${i}`,
        spec: {
          listeners: [{ portMapping: { port: 8080, protocol: "http" } }],
          serviceDiscovery: { dns: { hostname: "127.0.0.1" } },
        },
      });
    }
    for (let i = 0; i < nodes; i++) {
      api.call("CreateVirtualService", {
        meshName: "big",
        virtualServiceName: `s${i}.local`,
        spec: { provider: { virtualNode: { virtualNodeName: `n${i}` } } },
      });
    }
    for (let i = 0; i < nodes; i++) {
      const backends = [...new Set([1, 2, 3].map((d) => (i + d) % nodes))].map((n) => ({
        virtualService: { virtualServiceName: `s${n}.local` },
      }));
      api.call("UpdateVirtualNode", {
        meshName: "big",
        virtualNodeName: `n${i}`,
        spec: {
          listeners: [{ portMapping: { port: 8080, protocol: "http" } }],
          serviceDiscovery: { dns: { hostname: "127.0.0.1" } },
          backends,
        },
      });
    }
    state.close();
    const start = performance.now();
    const child = spawn(process.execPath, [MESH, "up", "--output", "json"], {
      env: { ...process.env, MESH_STATE_DIR: stateDir },
      stdio: ["ignore", "pipe", "inherit"],
    });
    await new Promise((resolve) => child.stdout.once("data", resolve));
    const startMs = performance.now() - start;
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const rssKb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, "utf8"))?.[1]);
    child.kill("SIGTERM");
    await new Promise((resolve) => child.once("close", resolve));
    return { startMs, rssMb: rssKb / 1024 };
  } finally {
    rmSync(stateDir, { recursive: true, force: true });
  }
}

async function profile(address: string, host: string): Promise<void> {
  const session = new Session();
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.start");
  await load(address, 10, DURATION, host);
  const { profile } = await session.post("Profiler.stop");
  const self = new Map<string, number>();
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const total = profile.samples?.length ?? 1;
  for (const id of profile.samples ?? []) {
    const frame = byId.get(id)?.callFrame;
    const where = frame
      ? `${frame.functionName || "(anonymous)"} ${frame.url.replace(/.*\/(node_modules|src)\//, "$1/")}:${frame.lineNumber + 1}`
      : "?";
    self.set(where, (self.get(where) ?? 0) + 1);
  }
  console.log("\nCPU profile of the proxy at c=10 through two hops, top functions by self time:");
  for (const [where, count] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 25)) {
    console.log(`  ${((100 * count) / total).toFixed(1).padStart(5)}%  ${where}`);
  }
}

const upstream = await startUpstream();
const sidecars = new MeshUp({
  source: {
    meshes: () => ["bench"],
    snapshot: () => benchMesh(),
    instances: () => [],
    watch: () => () => {},
  },
  meshes: [],
  host: "127.0.0.1",
  endpoints: [parseEndpointOverride(`app=127.0.0.1:${upstream.port}`)],
  logSink: () => {},
  warn: (message) => console.error(message),
  onListeners: () => {},
});
await sidecars.start();
try {
  const [, caller] = [...sidecars.proxies()].find(([key]) => key === "bench/virtualNode/caller") ?? [];
  const [, app] = [...sidecars.proxies()].find(([key]) => key === "bench/virtualNode/app") ?? [];
  const address = (listener: { address: { socket_address: { address: string; port_value: number } } } | undefined) =>
    `${listener?.address.socket_address.address}:${listener?.address.socket_address.port_value}`;
  const egress = address(caller?.config?.listeners.find((l) => l.traffic_direction === "OUTBOUND"));
  const ingress = address(app?.config?.listeners.find((l) => l.traffic_direction === "INBOUND"));
  const paths = { direct: `127.0.0.1:${upstream.port}`, "one hop": ingress, "two hops": egress };

  console.log(
    `bench:proxy (Node ${process.version}, ${WRK ? "wrk" : "autocannon"}, ${DURATION}s per run, 2 cores shared by load, upstream and proxy)`,
  );
  if (process.env.BENCH_PROFILE === "1") {
    await load(egress, 10, 2, "svc.local");
    await profile(egress, "svc.local");
  } else {
    for (const connections of [1, 10, 50]) {
      const results: Record<string, Result> = {};
      for (const [name, target] of Object.entries(paths)) {
        await load(target, connections, 2, "svc.local"); // warm-up: JIT and connection pools
        const runs = [
          await load(target, connections, DURATION, "svc.local"),
          await load(target, connections, DURATION, "svc.local"),
        ];
        const mean = (pick: (r: Result) => number) => runs.reduce((sum, r) => sum + pick(r), 0) / runs.length;
        results[name] = { rps: mean((r) => r.rps), p50: mean((r) => r.p50), p99: mean((r) => r.p99) };
      }
      const direct = results.direct as Result;
      console.log(`\nc=${connections}`);
      for (const [name, r] of Object.entries(results)) {
        const ratio =
          name === "direct"
            ? ""
            : `   ${(r.rps / direct.rps).toFixed(2)}x rps, +${(r.p50 - direct.p50).toFixed(3)} ms p50`;
        console.log(
          `  ${name.padEnd(9)} ${r.rps.toFixed(0).padStart(7)} rps   p50 ${r.p50.toFixed(3)} ms   p99 ${r.p99.toFixed(3)} ms${ratio}`,
        );
      }
    }
    const cpu = await cpuAtRate(egress, "svc.local", RATE);
    console.log(
      `\nproxy CPU through two hops at ${cpu.achieved.toFixed(0)} rps: ${cpu.vcpuPer1k.toFixed(3)} vCPU per 1,000 rps (${(cpu.vcpuPer1k / 2).toFixed(3)} per hop)`,
    );
    if (WRK) {
      const runs = await cpuPerRequest(egress, "svc.local");
      console.log(
        `proxy CPU per request through two hops at c=10: median ${runs[2]?.toFixed(0)} µs (runs: ${runs.map((r) => r.toFixed(0)).join(", ")})`,
      );
    }
    for (const nodes of [2, 200]) {
      const { startMs, rssMb } = await meshUpFootprint(nodes);
      console.log(
        `mesh up, ${String(nodes).padStart(3)}-node mesh: start-up ${startMs.toFixed(0)} ms to the listener line, RSS ${rssMb.toFixed(1)} MB`,
      );
    }
  }
} finally {
  await sidecars.stop();
  upstream.child.kill();
}
