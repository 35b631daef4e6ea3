/** Many writers at once, and a writer killed mid-loop: the state loses nothing and stays whole. */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { SqliteAppMeshStore } from "../../src/emulator/appmesh/sqlite-store.js";
import { StateDatabase } from "../../src/emulator/state/database.js";
import { repoRoot } from "../helpers/paths.js";
import { runMesh, tempStateDir } from "../helpers/run-mesh.js";

describe("concurrent and interrupted writers", () => {
  const state = tempStateDir();
  after(() => state.cleanup());

  it("50 create-virtual-node processes started at once leave exactly 50 nodes", async () => {
    assert.equal((await runMesh(["create-mesh", "--mesh-name", "busy"], { stateDir: state.dir })).code, 0);
    const names = Array.from({ length: 50 }, (_, i) => `node-${i}`);
    const results = await Promise.all(
      names.map((name) =>
        runMesh(["create-virtual-node", "--mesh-name", "busy", "--virtual-node-name", name, "--spec", "{}"], {
          stateDir: state.dir,
        }),
      ),
    );
    for (const result of results) assert.equal(result.code, 0, result.stderr);
    const listed = await runMesh(
      ["list-virtual-nodes", "--mesh-name", "busy", "--query", "virtualNodes[].virtualNodeName"],
      {
        stateDir: state.dir,
      },
    );
    assert.deepEqual((JSON.parse(listed.stdout) as string[]).sort(), [...names].sort());
  });

  it("a writer killed with SIGKILL mid-loop leaves a whole database holding every completed command", async () => {
    assert.equal((await runMesh(["create-mesh", "--mesh-name", "killed"], { stateDir: state.dir })).code, 0);
    const writer = spawn(
      process.execPath,
      [join(repoRoot, "dist", "test", "helpers", "writer-loop.js"), "killed", "150"],
      {
        env: { ...process.env, MESH_STATE_DIR: state.dir },
        stdio: ["ignore", "pipe", "inherit"],
      },
    );
    const completed: string[] = [];
    let buffered = "";
    await new Promise<void>((resolve) => {
      writer.stdout.on("data", (chunk: Buffer) => {
        buffered += chunk.toString();
        const lines = buffered.split("\n");
        buffered = lines.pop() ?? "";
        completed.push(...lines);
        if (completed.length >= 25 && !writer.killed) writer.kill("SIGKILL");
      });
      writer.on("close", () => resolve());
    });
    assert.ok(completed.length >= 25 && completed.length < 150, `killed mid-loop after ${completed.length} commands`);

    const db = StateDatabase.open(join(state.dir, "state.db"));
    const store = new SqliteAppMeshStore(db);
    try {
      const scope = { account: "123456789012", region: "us-east-1" };
      const present = new Set(
        store.list(scope, { kind: "virtualNode", mesh: "killed" }, null, -1).map((row) => row.name),
      );
      for (const name of completed) assert.ok(present.has(name), `${name} completed but is missing`);
      assert.ok(
        present.size <= completed.length + 1,
        "at most the command in flight landed besides the completed ones",
      );
    } finally {
      db.close();
    }
    const check = await runMesh(["list-virtual-nodes", "--mesh-name", "killed"], { stateDir: state.dir });
    assert.equal(check.code, 0, check.stderr);
  });
});
