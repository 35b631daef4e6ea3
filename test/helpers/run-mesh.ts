/** Ways to run `mesh` in tests: as a real subprocess (bin/mesh.js), or in-process through main(). */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main } from "../../src/cli/main.js";
import { repoRoot } from "./paths.js";

export const MESH_BIN = join(repoRoot, "bin", "mesh.js");

export interface MeshResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  env?: Record<string, string | undefined>;
  cwd?: string;
  stateDir?: string;
  /** Run the subprocess as this user (root only can). */
  user?: { uid: number; gid: number };
}

/** A fresh state directory, removed by the returned cleanup function. */
export function tempStateDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), "mesh-test-"));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

function environment(options: RunOptions): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, TZ: "UTC", AWS_DEFAULT_OUTPUT: undefined, ...options.env };
  if (options.stateDir) env.MESH_STATE_DIR = options.stateDir;
  for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key];
  return env;
}

/** Runs bin/mesh.js as a subprocess. */
export function runMesh(args: string[], options: RunOptions = {}): Promise<MeshResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [MESH_BIN, ...args], {
      env: environment(options),
      cwd: options.cwd ?? repoRoot,
      stdio: ["ignore", "pipe", "pipe"],
      ...options.user,
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
    });
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/** A long-running `bin/mesh.js` (`mesh up`, `mesh serve`): its stdout lines as they come, and a way to stop it. */
export interface MeshProcess {
  /** Resolves with the next line printed on stdout (lines already printed first). */
  nextLine(): Promise<string>;
  stderr(): string;
  /** Sends SIGTERM (unless given another) and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number>;
}

export function startMesh(args: string[], options: RunOptions = {}): MeshProcess {
  const child = spawn(process.execPath, [MESH_BIN, ...args], {
    env: environment(options),
    cwd: options.cwd ?? repoRoot,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const lines: string[] = [];
  const waiting: ((line: string) => void)[] = [];
  let buffered = "";
  let stderr = "";
  child.stdout.setEncoding("utf8");
  child.stdout.on("data", (chunk: string) => {
    buffered += chunk;
    const parts = buffered.split("\n");
    buffered = parts.pop() ?? "";
    for (const line of parts) {
      const next = waiting.shift();
      if (next) next(line);
      else lines.push(line);
    }
  });
  child.stderr.on("data", (chunk) => {
    stderr += chunk;
  });
  const exited = new Promise<number>((resolve) => child.on("close", (code) => resolve(code ?? -1)));
  return {
    nextLine: () => {
      const line = lines.shift();
      if (line !== undefined) return Promise.resolve(line);
      return new Promise((resolve, reject) => {
        waiting.push(resolve);
        void exited.then((code) => reject(new Error(`mesh exited ${code} before printing a line: ${stderr}`)));
      });
    },
    stderr: () => stderr,
    stop: (signal = "SIGTERM") => {
      child.kill(signal);
      return exited;
    },
  };
}

/** Runs main() in this process, with captured output. */
export async function runMain(args: string[], options: RunOptions = {}): Promise<MeshResult> {
  let stdout = "";
  let stderr = "";
  const code = await main(args, {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    env: environment(options),
    cwd: options.cwd ?? repoRoot,
    isTTY: () => false,
    columns: () => undefined,
  });
  return { code, stdout, stderr };
}

/** Runs an in-process command that must succeed and returns its parsed JSON output. */
export async function meshJson(args: string[], options: RunOptions): Promise<Record<string, unknown>> {
  const result = await runMain(args, options);
  if (result.code !== 0) throw new Error(`mesh ${args.join(" ")} failed (${result.code}): ${result.stderr}`);
  return JSON.parse(result.stdout) as Record<string, unknown>;
}
