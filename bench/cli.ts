/**
 * `npm run bench:cli`: start-up cost of `mesh` on the local backend. Runs `mesh describe-mesh`,
 * `mesh --version` and `node -e 0` interleaved (so machine noise hits all three alike) and prints
 * each median wall time and the ratios to bare Node. Goal: describe-mesh ≤ 1.6 × node -e 0.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { repoRoot } from "../scripts/generate-model.js";

const runs = Number(process.env.BENCH_RUNS ?? 25);
const mesh = join(repoRoot, "bin", "mesh.js");
const stateDir = mkdtempSync(join(tmpdir(), "mesh-bench-"));
const env = { ...process.env, MESH_STATE_DIR: stateDir };

function timed(args: string[]): number {
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, { env, stdio: ["ignore", "ignore", "pipe"] });
  const elapsed = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0) throw new Error(`${args.join(" ")} failed: ${result.stderr}`);
  return elapsed;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

try {
  timed([mesh, "create-mesh", "--mesh-name", "bench"]);
  const cases = {
    "node -e 0": ["-e", "0"],
    "mesh --version": [mesh, "--version"],
    "mesh describe-mesh": [mesh, "describe-mesh", "--mesh-name", "bench"],
  };
  const samples: Record<string, number[]> = Object.fromEntries(Object.keys(cases).map((name) => [name, []]));
  for (let i = 0; i < runs + 2; i++) {
    for (const [name, args] of Object.entries(cases)) {
      const ms = timed(args);
      if (i >= 2) samples[name]?.push(ms); // the first rounds warm the file cache
    }
  }
  const base = median(samples["node -e 0"] ?? []);
  console.log(`median wall time over ${runs} interleaved runs (Node ${process.version}):`);
  for (const [name, values] of Object.entries(samples)) {
    const m = median(values);
    console.log(`  ${name.padEnd(20)} ${m.toFixed(1).padStart(7)} ms   ${(m / base).toFixed(2)} x node -e 0`);
  }
} finally {
  rmSync(stateDir, { recursive: true, force: true });
}
