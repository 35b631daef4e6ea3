/**
 * The Cloud Map state on SQLite: shared by every store opened on one database file (and with the App
 * Mesh state in it), isolated by account and region.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { promisify } from "node:util";
import { SqliteAppMeshStore } from "../../../src/emulator/appmesh/sqlite-store.js";
import { openState } from "../../../src/emulator/open.js";
import { CloudMapEmulator } from "../../../src/emulator/servicediscovery/service.js";
import { SqliteCloudMapStore } from "../../../src/emulator/servicediscovery/sqlite-store.js";
import { StateDatabase } from "../../../src/emulator/state/database.js";

const dir = mkdtempSync(join(tmpdir(), "mesh-cloudmap-"));
const scope = { account: "111122223333", region: "eu-west-1" };
const open = (at = scope) => openState({ stateDir: dir }).cloudMap(at);

describe("Cloud Map SQLite store", () => {
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("two stores on one database file see each other's writes", () => {
    const writer = open();
    const reader = open();
    const { OperationId } = writer.call("CreateHttpNamespace", { Name: "shared.local" });
    const nsId = (reader.call("GetOperation", { OperationId }) as any).Operation.Targets.NAMESPACE;
    const { Service } = reader.call("CreateService", { Name: "s", NamespaceId: nsId }) as any;
    writer.call("RegisterInstance", {
      ServiceId: Service.Id,
      InstanceId: "i-1",
      Attributes: { AWS_INSTANCE_IPV4: "10.1.1.1" },
    });
    assert.deepEqual(
      reader.endpoints("shared.local", "s").map((e) => e.ipv4),
      ["10.1.1.1"],
    );
  });

  it("writers in separate processes at once lose nothing", async () => {
    const emulator = open();
    const nsId = emulator.call("ListNamespaces", {}) as any;
    const { Service } = emulator.call("CreateService", { Name: "busy", NamespaceId: nsId.Namespaces[0].Id }) as any;
    const script = `
      const { openState } = await import(${JSON.stringify(new URL("../../../src/emulator/open.js", import.meta.url).href)});
      const emulator = openState({ stateDir: process.argv[1] }).cloudMap(${JSON.stringify(scope)});
      for (let i = 0; i < 10; i++) {
        emulator.call("RegisterInstance", { ServiceId: "${Service.Id}", InstanceId: process.argv[2] + "-" + i, Attributes: {} });
      }`;
    const run = promisify(execFile);
    const writers = Array.from({ length: 4 }, (_, w) =>
      run(process.execPath, ["--input-type=module", "-e", script, dir, `w${w}`]),
    );
    await Promise.all(writers);
    assert.equal((emulator.call("GetService", { Id: Service.Id }) as any).Service.InstanceCount, 40);
  });

  it("lives in the state directory's state.db, next to the App Mesh state", () => {
    const db = StateDatabase.open(join(dir, "state.db"));
    try {
      assert.equal(new SqliteAppMeshStore(db).count(scope, { kind: "mesh" }), 0);
      assert.equal(new SqliteCloudMapStore(db).listNamespaces(scope).length, 1);
    } finally {
      db.close();
    }
  });

  it("keeps each account and region apart", () => {
    const elsewhere = open({ ...scope, region: "us-east-1" });
    assert.deepEqual(elsewhere.call("ListNamespaces", {}), { Namespaces: [] });
    elsewhere.call("CreateHttpNamespace", { Name: "shared.local" });
    const otherAccount = open({ ...scope, account: "444455556666" });
    assert.deepEqual(otherAccount.call("ListServices", {}), { Services: [] });
    assert.equal((open().call("ListNamespaces", {}) as any).Namespaces.length, 1);
  });

  it("reports a damaged record with what it is and its id", () => {
    const db = StateDatabase.open(":memory:");
    const emulator = new CloudMapEmulator({ store: new SqliteCloudMapStore(db), scope });
    emulator.call("CreateHttpNamespace", { Name: "damaged.local" });
    const { Namespaces } = emulator.call("ListNamespaces", {}) as { Namespaces: { Id: string }[] };
    const id = Namespaces[0]?.Id;
    db.write(() => db.statement("UPDATE cloudmap_namespaces SET body = '{' WHERE id = ?").run(id));
    assert.throws(
      () => emulator.call("GetNamespace", { Id: id }),
      (error: Error) =>
        error.name === "StateError" &&
        error.message.startsWith(`The state holds a damaged Cloud Map namespace "${id}": its record is not JSON (`),
    );
  });

  it("a write that fails leaves nothing behind", () => {
    const store = new SqliteCloudMapStore(StateDatabase.open(":memory:"));
    assert.throws(() =>
      store.write(() => {
        store.putOperation(scope, {
          id: "op",
          type: "CREATE_NAMESPACE",
          status: "SUCCESS",
          targets: {},
          createdAt: 0,
          updatedAt: 0,
        });
        throw new Error("boom");
      }),
    );
    assert.equal(store.getOperation(scope, "op"), undefined);
  });
});
