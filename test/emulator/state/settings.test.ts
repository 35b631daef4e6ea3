/** mesh.json in the state directory raises quotas for the CLI and mesh serve alike. */
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { loadSettings } from "../../../src/emulator/state/settings.js";
import { meshJson, runMain, tempStateDir } from "../../helpers/run-mesh.js";

describe("emulator settings (mesh.json)", () => {
  const state = tempStateDir();
  after(() => state.cleanup());

  it("no file: App Mesh's default quotas", () => {
    assert.deepEqual(loadSettings(state.dir), { quotas: {} });
  });

  it("a raised quota is enforced at its new value", async () => {
    writeFileSync(join(state.dir, "mesh.json"), JSON.stringify({ quotas: { virtualGatewaysPerMesh: 4 } }));
    await meshJson(["create-mesh", "--mesh-name", "q"], { stateDir: state.dir });
    const gateway = (name: string) =>
      runMain(
        [
          "create-virtual-gateway",
          "--mesh-name",
          "q",
          "--virtual-gateway-name",
          name,
          "--spec",
          '{"listeners":[{"portMapping":{"port":80,"protocol":"http"}}]}',
        ],
        { stateDir: state.dir },
      );
    for (const name of ["a", "b", "c", "d"]) assert.equal((await gateway(name)).code, 0);
    const fifth = await gateway("e");
    assert.equal(fifth.code, 254);
    assert.match(
      fifth.stderr,
      /LimitExceededException\) when calling the CreateVirtualGateway operation: VirtualGateway limit of 4 reached/,
    );
  });

  it("an unknown quota name is refused, naming the known ones", () => {
    writeFileSync(join(state.dir, "mesh.json"), JSON.stringify({ quotas: { nodes: 4 } }));
    assert.throws(() => loadSettings(state.dir), /unknown quota "nodes" \(known: meshesPerAccount, /);
    writeFileSync(join(state.dir, "mesh.json"), JSON.stringify({ quotas: { toString: 4 } }));
    assert.throws(() => loadSettings(state.dir), /unknown quota "toString"/);
  });

  it("a file that is not an object of quotas is refused, naming the file", () => {
    writeFileSync(join(state.dir, "mesh.json"), "null");
    assert.throws(() => loadSettings(state.dir), /mesh\.json: expected \{"quotas"/);
  });
});
