/**
 * CLI writers and SDK writers through `mesh serve`, all on one state at once, each killed with SIGKILL
 * in the middle of its writes: the state stays whole (SQLite's integrity check), every acknowledged
 * write is in it, nothing else but the writes in flight, and every update is counted exactly once.
 */
import "../emulator/server/sdk-env.js";
import assert from "node:assert/strict";
import { type ChildProcessByStdio, spawn } from "node:child_process";
import { once } from "node:events";
import { join } from "node:path";
import type { Readable } from "node:stream";
import { after, describe, it } from "node:test";
import { AppMesh } from "@aws-sdk/client-app-mesh";
import { withSqlite } from "../helpers/broken-states.js";
import { repoRoot } from "../helpers/paths.js";
import { MESH_BIN, runMesh, tempStateDir } from "../helpers/run-mesh.js";

const CLI_WRITERS = 3;
/** Acknowledged creates after which a writer (or the server) is killed. */
const KILL_AFTER = 8;

type Child = ChildProcessByStdio<null, Readable, null>;

/** Calls `onLine` with each line the child prints. */
function lines(child: Child, onLine: (line: string) => void): void {
  let buffered = "";
  child.stdout.on("data", (chunk: Buffer) => {
    buffered += chunk.toString();
    const complete = buffered.split("\n");
    buffered = complete.pop() ?? "";
    for (const line of complete) onLine(line);
  });
}

describe("writers killed mid-write", { timeout: 90_000 }, () => {
  const state = tempStateDir();
  const env = { ...process.env, MESH_STATE_DIR: state.dir, AWS_REGION: "us-east-1" };
  const children: Child[] = [];
  after(() => {
    for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
    state.cleanup();
  });

  it("leave a whole state holding every acknowledged write, each update counted once", async () => {
    for (const args of [
      ["create-mesh", "--mesh-name", "r"],
      ["create-virtual-node", "--mesh-name", "r", "--virtual-node-name", "counter", "--spec", "{}"],
    ]) {
      assert.equal((await runMesh(args, { stateDir: state.dir })).code, 0);
    }
    const acked = new Set<string>();
    let ackedUpdates = 0;

    const server = spawn(process.execPath, [MESH_BIN, "serve", "--port", "0"], {
      env,
      stdio: ["ignore", "pipe", "inherit"],
    });
    children.push(server);
    const url = await new Promise<string>((resolve) =>
      lines(server, (line) => {
        const found = /listening on (\S+)/.exec(line)?.[1];
        if (found) resolve(found);
      }),
    );

    const writers = Array.from({ length: CLI_WRITERS }, (_, w) => {
      const writer = spawn(
        process.execPath,
        [join(repoRoot, "dist", "test", "helpers", "mixed-writer.js"), "r", `cli${w}`, "200"],
        { env, stdio: ["ignore", "pipe", "inherit"] },
      );
      children.push(writer);
      let created = 0;
      lines(writer, (line) => {
        if (line === "updated") ackedUpdates++;
        else acked.add(line.replace(/^created /, ""));
        if (line.startsWith("created") && ++created === KILL_AFTER) writer.kill("SIGKILL");
      });
      return once(writer, "close");
    });

    const client = new AppMesh({
      endpoint: url,
      region: "us-east-1",
      credentials: { accessKeyId: "AKID", secretAccessKey: "secret" },
      maxAttempts: 1,
    });
    const sdkWriter = (async () => {
      try {
        for (let i = 0; i < 200; i++) {
          await client.createVirtualNode({ meshName: "r", virtualNodeName: `sdk-${i}`, spec: {} });
          acked.add(`sdk-${i}`);
          if (i + 1 === KILL_AFTER) server.kill("SIGKILL");
          await client.updateVirtualNode({ meshName: "r", virtualNodeName: "counter", spec: {} });
          ackedUpdates++;
        }
      } catch {
        // The server is gone: whatever was in flight may or may not have landed.
      } finally {
        client.destroy();
      }
    })();
    await Promise.all([...writers, sdkWriter, once(server, "close")]);

    const killed = CLI_WRITERS + 1;
    withSqlite(join(state.dir, "state.db"), (db) => {
      assert.equal(db.pragma("integrity_check", { simple: true }), "ok");
      const names = (db.prepare("SELECT name FROM resources WHERE kind = 'virtualNode'").all() as { name: string }[])
        .map((row) => row.name)
        .filter((name) => name !== "counter");
      for (const name of acked) assert.ok(names.includes(name), `${name} was acknowledged but is missing`);
      assert.ok(names.length <= acked.size + killed, `only writes in flight landed unacknowledged: ${names.length}`);
      const { version } = db.prepare("SELECT version FROM resources WHERE name = 'counter'").get() as {
        version: number;
      };
      const updates = version - 1;
      assert.ok(
        updates >= ackedUpdates && updates <= ackedUpdates + killed,
        `${updates} updates, ${ackedUpdates} acknowledged`,
      );
    });
    const afterwards = await runMesh(["list-virtual-nodes", "--mesh-name", "r", "--max-items", "1"], {
      stateDir: state.dir,
    });
    assert.equal(afterwards.code, 0, afterwards.stderr);
  });
});
