/** The local backend: the emulators in this process, on the state directory, opened on first use. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { LocalBackend } from "../../src/backend/local-backend.js";
import { StateError } from "../../src/emulator/state/state-error.js";
import { appmesh } from "../../src/model/generated/appmesh.js";
import { operationByName } from "../../src/model/models.js";

const listMeshes = operationByName(appmesh, "ListMeshes");

describe("the local backend", () => {
  it("fails a call with a StateError when the state cannot be opened, and still closes cleanly", async () => {
    if (!listMeshes) throw new Error("no ListMeshes");
    const backend = new LocalBackend({ region: "us-east-1", account: "123456789012", stateDir: "/dev/null" });
    await assert.rejects(backend.call(listMeshes, {}), (error: Error) => {
      assert.ok(error instanceof StateError);
      assert.equal(error.message, "The state directory /dev/null is not a directory");
      return true;
    });
    await backend.close();
  });
});
