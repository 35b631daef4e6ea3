/**
 * Another process holding the state's write lock never stalls `mesh serve`: reads are answered at
 * once, a write waits for the lock without blocking the server, and gives up with a 503 after a
 * bounded time.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { holdWriteLock } from "../../helpers/lock-holder.js";
import { type Fixture, serve } from "./server-fixture.js";

describe("a write lock held by another process", { timeout: 30_000 }, () => {
  let fixture: Fixture;
  before(async () => {
    fixture = await serve();
    await fixture.client().createMesh({ meshName: "before" });
  });
  after(() => fixture.stop());

  it("reads are answered while a write waits for the lock, and the write lands once it is free", async () => {
    const holder = await holdWriteLock(join(fixture.stateDir, "state.db"));
    let written = false;
    const write = fixture
      .client()
      .createMesh({ meshName: "during" })
      .finally(() => {
        written = true;
      });
    const listed = await fixture.client().listMeshes({});
    assert.deepEqual(
      listed.meshes?.map((m) => m.meshName),
      ["before"],
    );
    assert.equal(written, false, "the write waits for the lock");
    await holder.release();
    assert.equal((await write).mesh?.meshName, "during");
  });

  it("a write gives up with 503 ServiceUnavailableException after the server's bound", async () => {
    const impatient = await serve({ lockTimeoutMs: 100 });
    const holder = await holdWriteLock(join(impatient.stateDir, "state.db"));
    try {
      await assert.rejects(impatient.client().createMesh({ meshName: "late" }), (error: any) => {
        assert.equal(error.name, "ServiceUnavailableException");
        assert.equal(error.$metadata.httpStatusCode, 503);
        assert.match(error.message, /^The state is locked by another process .*; gave up after 100 ms$/);
        return true;
      });
      assert.deepEqual(impatient.logged, []);
    } finally {
      await holder.release();
      await impatient.stop();
    }
  });
});
