/**
 * `mesh serve` as a real process (bin/mesh.js): it prints its URL once listening, answers SDK calls on
 * the CLI's state, and on SIGTERM or SIGINT finishes what is in flight and exits 0.
 */
import "./sdk-env.js";
import assert from "node:assert/strict";
import { type ChildProcessByStdio, spawn } from "node:child_process";
import { request } from "node:http";
import type { Readable } from "node:stream";
import { after, afterEach, describe, it } from "node:test";
import { AppMesh } from "@aws-sdk/client-app-mesh";
import { MESH_BIN, runMesh, tempStateDir } from "../../helpers/run-mesh.js";
import { CREDENTIALS } from "./server-fixture.js";

interface Served {
  child: ChildProcessByStdio<null, Readable, Readable>;
  url: string;
  exit: Promise<{ code: number | null; stdout: string; stderr: string }>;
}

const state = tempStateDir();
/** Every `mesh serve` started, killed after each test whatever happened. */
const running: Served["child"][] = [];
const env = { ...process.env, MESH_STATE_DIR: state.dir, AWS_REGION: "us-east-1" };

interface ServeOptions {
  stateDir?: string;
  /**
   * Run under a file size limit of 16 blocks (SIGXFSZ ignored): SQLite cannot grow any file, as on a
   * full disk, with no disk to fill.
   */
  diskFull?: boolean;
}

/** Starts `mesh serve --port 0 …` and waits for the line with its URL. */
function startServe(args: string[] = [], options: ServeOptions = {}): Promise<Served> {
  const command = [process.execPath, MESH_BIN, "serve", "--port", "0", ...args];
  const [file, ...argv] = options.diskFull
    ? ["/bin/sh", "-c", `trap '' XFSZ; ulimit -f 16; exec "$0" "$@"`, ...command]
    : command;
  const child = spawn(file as string, argv, {
    env: options.stateDir ? { ...env, MESH_STATE_DIR: options.stateDir } : env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  running.push(child);
  let stdout = "";
  let stderr = "";
  child.stderr.on("data", (chunk) => {
    stderr += chunk;
  });
  const exit = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on("close", (code) => resolve({ code, stdout, stderr })),
  );
  return new Promise((resolve, reject) => {
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
      const url = /^mesh serve: listening on (http:\/\/\S+)\n/.exec(stdout)?.[1];
      if (url) resolve({ child, url, exit });
    });
    exit.then(({ code }) => reject(new Error(`mesh serve exited ${code} before listening: ${stderr}`)));
  });
}

function sdk(url: string): AppMesh {
  return new AppMesh({ endpoint: url, region: "us-east-1", credentials: CREDENTIALS, maxAttempts: 1 });
}

describe("mesh serve (bin/mesh.js)", { timeout: 60_000 }, () => {
  afterEach(() => {
    for (const child of running.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
  });
  after(() => state.cleanup());

  it("prints its URL on 127.0.0.1, answers on the CLI's state, and exits 0 on SIGTERM", async () => {
    assert.equal((await runMesh(["create-mesh", "--mesh-name", "from-cli"], { stateDir: state.dir })).code, 0);
    const served = await startServe();
    assert.match(served.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    const client = sdk(served.url);
    try {
      const { mesh } = await client.describeMesh({ meshName: "from-cli" });
      assert.equal(mesh?.meshName, "from-cli");
    } finally {
      client.destroy();
    }
    served.child.kill("SIGTERM");
    const { code, stdout } = await served.exit;
    assert.equal(code, 0);
    assert.equal(stdout, `mesh serve: listening on ${served.url}\n`, "one line, the URL");
  });

  it("exits 0 on SIGINT (Ctrl-C stops serving)", async () => {
    const served = await startServe();
    served.child.kill("SIGINT");
    assert.equal((await served.exit).code, 0);
  });

  it("finishes a request in flight before it exits", async () => {
    const served = await startServe();
    const body = JSON.stringify({ meshName: "in-flight" });
    const answer = new Promise<number>((resolve, reject) => {
      // `Expect: 100-continue`: the server answers "continue" once it has read the request's head, so
      // the stop signal below surely arrives while this request is in flight.
      const req = request(`${served.url}/v20190125/meshes`, {
        method: "PUT",
        headers: {
          "content-type": "application/json",
          "content-length": Buffer.byteLength(body),
          expect: "100-continue",
        },
      });
      req.on("response", (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on("error", reject);
      req.on("continue", () => {
        served.child.kill("SIGTERM");
        setTimeout(() => req.end(body), 200);
      });
      req.flushHeaders();
    });
    assert.equal(await answer, 200);
    assert.equal((await served.exit).code, 0);
    const described = await runMesh(["describe-mesh", "--mesh-name", "in-flight"], { stateDir: state.dir });
    assert.equal(described.code, 0, described.stderr);
  });

  it("starts on a full disk when the state exists: it warns, and serves the state alone", async () => {
    const full = tempStateDir();
    try {
      assert.equal((await runMesh(["create-mesh", "--mesh-name", "kept"], { stateDir: full.dir })).code, 0);
      const served = await startServe([], { stateDir: full.dir, diskFull: true });
      const client = sdk(served.url);
      try {
        assert.equal((await client.describeMesh({ meshName: "kept" })).mesh?.meshName, "kept");
      } finally {
        client.destroy();
      }
      served.child.kill("SIGTERM");
      const { code, stderr } = await served.exit;
      assert.equal(code, 0);
      assert.match(
        stderr,
        /^mesh serve: warning: the disk holding .*state\.db is full: this process holds the state alone/,
      );
    } finally {
      full.cleanup();
    }
  });

  it("refuses a port that is not a number (exit 252)", async () => {
    const result = await runMesh(["serve", "--port", "http"], { stateDir: state.dir });
    assert.equal(result.code, 252);
    assert.match(result.stderr, /argument --port: invalid port: 'http'/);
  });

  it("refuses --verify-sigv4 without MESH_SERVE_CREDENTIALS, or with a key that has no secret (exit 253)", async () => {
    for (const credentials of [undefined, "AKIDSECRET"]) {
      const result = await runMesh(["serve", "--verify-sigv4"], {
        stateDir: state.dir,
        env: { MESH_SERVE_CREDENTIALS: credentials },
      });
      assert.equal(result.code, 253);
      assert.match(result.stderr, /MESH_SERVE_CREDENTIALS=ACCESS_KEY_ID:SECRET_ACCESS_KEY/);
    }
  });

  it("`mesh serve help` explains the command", async () => {
    const result = await runMesh(["serve", "help"], { stateDir: state.dir });
    assert.equal(result.code, 0);
    assert.match(result.stdout, /^NAME\n {7}serve - /);
  });

  it("reports a port already in use (exit 255)", async () => {
    const served = await startServe();
    const port = new URL(served.url).port;
    const result = await runMesh(["serve", "--port", port], { stateDir: state.dir });
    assert.equal(result.code, 255);
    assert.match(result.stderr, new RegExp(`mesh serve: cannot listen on 127.0.0.1:${port}: .*EADDRINUSE`));
  });
});
