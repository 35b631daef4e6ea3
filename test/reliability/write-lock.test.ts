/**
 * Another process holds the state's write lock (a backup, a stopped writer, an `sqlite3` shell) while
 * clients keep calling `mesh serve`: every read, App Mesh's and Cloud Map's, is answered while the lock
 * is held and writes wait for it; once it is released every waiting write lands.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { type Fixture, serve } from "../emulator/server/server-fixture.js";
import { holdWriteLock } from "../helpers/lock-holder.js";

const READS = 100;
const WRITES = 10;

describe("reads under another process's write lock", { timeout: 60_000 }, () => {
  let fixture: Fixture;
  before(async () => {
    // The writes wait for as long as the reads take, however slow the machine.
    fixture = await serve({ lockTimeoutMs: 60_000 });
    await fixture.client().createMesh({ meshName: "locked" });
    await fixture.cloudMap().createHttpNamespace({ Name: "locked.local" });
  });
  after(() => fixture.stop());

  it("are all answered while writes wait, and the writes land once the lock is free", async () => {
    const appMesh = fixture.client();
    const cloudMap = fixture.cloudMap();
    const holder = await holdWriteLock(join(fixture.stateDir, "state.db"));
    let landed = 0;
    const writes = Array.from({ length: WRITES }, (_, i) =>
      appMesh.createVirtualNode({ meshName: "locked", virtualNodeName: `waiting-${i}`, spec: {} }).then(() => {
        landed++;
      }),
    );
    for (let i = 0; i < READS; i++) {
      const [nodes, namespaces] = await Promise.all([
        appMesh.listVirtualNodes({ meshName: "locked" }),
        cloudMap.listNamespaces({}),
      ]);
      assert.deepEqual(nodes.virtualNodes, []);
      assert.equal(namespaces.Namespaces?.length, 1);
    }
    assert.equal(landed, 0, "no write got past the lock");
    await holder.release();
    await Promise.all(writes);
    const { virtualNodes } = await appMesh.listVirtualNodes({ meshName: "locked" });
    assert.equal(virtualNodes?.length, WRITES);
  });
});
