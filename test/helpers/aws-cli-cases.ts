/**
 * The AWS CLI's own bytes, as fixtures (test/fixtures/aws-cli/<case>.json). A case is one command line
 * (`args`, after the program name, with `${ENDPOINT}` standing for a stub service on 127.0.0.1 port 0),
 * the environment and shared config files it runs with, the stub's one answer, and whether it runs
 * on a terminal. `aws` holds what AWS CLI v2 (/usr/bin/aws, 2.9.19) did: exit code, stdout, stderr, and
 * the request it sent. record-aws-cli.ts writes `aws` by running the real CLI; the tests run
 * bin/mesh.js through the same case and expect the same.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { repoRoot } from "./paths.js";
import { type Recorded, startRecordingServer } from "./recording-server.js";

/** Recorded cases name the recording server this way, since its port differs per run. */
// biome-ignore lint/suspicious/noTemplateCurlyInString: a literal placeholder, not a template
const ENDPOINT_PLACEHOLDER = "${ENDPOINT}";

export const CASES_DIR = join(repoRoot, "test", "fixtures", "aws-cli");

/** What a request carried that a command line decides: where it went, who signed it, what it asked. */
export interface RequestSummary {
  method: string;
  path: string;
  target?: string;
  accessKey?: string;
  params?: unknown;
}

export interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
  requests: RequestSummary[];
}

export interface AwsCliCase {
  /** What the case shows, as a sentence. */
  spec: string;
  args: string[];
  env?: Record<string, string | null>;
  /** The shared config and credentials files (AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE). */
  config?: string;
  credentials?: string;
  /** The stub service's answer to every request (a JSON body is given as an object). */
  answer?: { status?: number; headers?: Record<string, string>; body?: unknown };
  /** Body members that differ from run to run (idempotency tokens): left out of the comparison. */
  ignoreParams?: string[];
  /** Run on a pseudo-terminal (stdout and stderr then arrive together, as the terminal shows them). */
  tty?: boolean;
  aws?: Outcome;
}

export const caseNames = (): string[] =>
  readdirSync(CASES_DIR)
    .filter((file) => file.endsWith(".json"))
    .map((file) => file.slice(0, -".json".length))
    .sort();

export function loadCase(name: string): AwsCliCase {
  return JSON.parse(readFileSync(join(CASES_DIR, `${name}.json`), "utf8")) as AwsCliCase;
}

export function saveCase(name: string, value: AwsCliCase): void {
  writeFileSync(join(CASES_DIR, `${name}.json`), `${JSON.stringify(value, null, 2)}\n`);
}

function summarize(request: Recorded, ignore: string[]): RequestSummary {
  const [path = "", query] = request.path.split("?");
  const summary: RequestSummary = { method: request.method, path: query ? `${path}?${query}` : path };
  const target = request.headers["x-amz-target"];
  if (typeof target === "string") summary.target = target;
  const credential = /Credential=([^/]+)\//.exec(String(request.headers.authorization ?? ""));
  if (credential) summary.accessKey = credential[1];
  if (request.body) {
    let params: unknown = request.body;
    try {
      params = JSON.parse(request.body);
    } catch {}
    if (params && typeof params === "object" && !Array.isArray(params)) {
      params = Object.fromEntries(Object.entries(params).filter(([key]) => !ignore.includes(key)));
    }
    summary.params = params;
  }
  return summary;
}

const quote = (word: string) => `'${word.replaceAll("'", "'\\''")}'`;

/** Runs the case with `command` (the real AWS CLI, or node bin/mesh.js) and returns what it did. */
export async function runCase(spec: AwsCliCase, command: string[]): Promise<Outcome> {
  const home = mkdtempSync(join(tmpdir(), "aws-cli-case-"));
  const server = spec.answer ? await startRecordingServer() : undefined;
  try {
    if (server && spec.answer) server.fallback = spec.answer;
    const endpoint = server?.url ?? "http://127.0.0.1:9";
    const fill = (text: string) => text.replaceAll(ENDPOINT_PLACEHOLDER, endpoint);
    writeFileSync(join(home, "config"), fill(spec.config ?? ""));
    writeFileSync(join(home, "credentials"), fill(spec.credentials ?? ""));
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: home,
      TZ: "UTC",
      LANG: "C.UTF-8",
      AWS_CONFIG_FILE: join(home, "config"),
      AWS_SHARED_CREDENTIALS_FILE: join(home, "credentials"),
      AWS_ACCESS_KEY_ID: "AKIDFROMENV",
      AWS_SECRET_ACCESS_KEY: "secret-from-env",
      AWS_DEFAULT_REGION: "us-east-1",
      AWS_EC2_METADATA_DISABLED: "true",
      MESH_STATE_DIR: join(home, "state"),
    };
    for (const [key, value] of Object.entries(spec.env ?? {})) {
      if (value === null) delete env[key];
      else env[key] = fill(value);
    }
    const argv = [...command, ...spec.args.map(fill)];
    const run = spec.tty ? ["script", "-qec", argv.map(quote).join(" "), "/dev/null"] : argv;
    const result = await spawnCaptured(run, env);
    const unfill = (text: string) => text.replaceAll(endpoint, ENDPOINT_PLACEHOLDER);
    return {
      code: result.code,
      stdout: unfill(result.stdout),
      stderr: unfill(result.stderr),
      requests: (server?.requests ?? []).map((r) => summarize(r, spec.ignoreParams ?? [])),
    };
  } finally {
    await server?.close();
    rmSync(home, { recursive: true, force: true });
  }
}

function spawnCaptured(
  argv: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const [file = "", ...args] = argv;
    const child = spawn(file, args, { env, cwd: repoRoot, stdio: ["ignore", "pipe", "pipe"] });
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
