/**
 * The one composition root of the local state: opens the state directory's database once and builds
 * the App Mesh and Cloud Map emulators on it, for any account and region. The CLI's local backend,
 * `mesh serve` and `mesh up` all start here, so they share one connection per process, one set of
 * settings (mesh.json) and one change signal.
 */
import type { MeshSnapshot } from "../snapshot/snapshot.js";
import { AppMeshEmulator, type EmulatorOptions } from "./appmesh/service.js";
import { meshNames, readSnapshot } from "./appmesh/snapshot.js";
import { SqliteAppMeshStore } from "./appmesh/sqlite-store.js";
import { CloudMapEmulator, type CloudMapEmulatorOptions } from "./servicediscovery/service.js";
import { SqliteCloudMapStore } from "./servicediscovery/sqlite-store.js";
import { StateDatabase } from "./state/database.js";
import type { Scope } from "./state/scope.js";
import { loadSettings } from "./state/settings.js";
import { checkedStateDirectory } from "./state/state-directory.js";
import { stateFile } from "./state/state-file.js";

export interface StateOptions {
  /** The state directory; ":memory:" keeps a private state in this process only. */
  stateDir: string;
  /** For every App Mesh emulator: in tests a clock and an id source; quotas beyond mesh.json's. */
  appMesh?: Omit<EmulatorOptions, "store" | "scope">;
  /** Likewise for every Cloud Map emulator. */
  cloudMap?: Omit<CloudMapEmulatorOptions, "store" | "scope">;
  /**
   * Once open, throw StateBusyError at once where another process's lock would block this thread
   * (see StateDatabase.failWhenBusy): for servers, which wait asynchronously and retry.
   */
  failWhenBusy?: boolean;
}

export interface State {
  appMesh(scope: Scope): AppMeshEmulator;
  cloudMap(scope: Scope): CloudMapEmulator;
  /** One mesh, whole, read in one transaction; NotFoundException when there is no such mesh. */
  snapshot(scope: Scope, mesh: string): MeshSnapshot;
  /** The names of the meshes of a scope. */
  meshes(scope: Scope): string[];
  /** Bumped by every write of either emulator, in any process. */
  revision(): number;
  /** Calls `onChange` after every write (see StateDatabase.watch); returns the function that stops it. */
  watch(onChange: (revision: number) => void): () => void;
  /** Set when this process holds the state alone because the disk is full (see StateDatabase.exclusive). */
  warning?: string;
  close(): void;
}

export function openState(options: StateOptions): State {
  const memory = options.stateDir === ":memory:";
  if (!memory) checkedStateDirectory(options.stateDir);
  const { quotas } = memory ? { quotas: {} } : loadSettings(options.stateDir);
  const db = StateDatabase.open(memory ? ":memory:" : stateFile(options.stateDir));
  const appMeshStore = new SqliteAppMeshStore(db);
  const cloudMapStore = new SqliteCloudMapStore(db);
  if (options.failWhenBusy) db.failWhenBusy();
  const appMeshOptions = { ...options.appMesh, quotas: { ...quotas, ...options.appMesh?.quotas } };
  return {
    appMesh: (scope) => new AppMeshEmulator({ ...appMeshOptions, store: appMeshStore, scope }),
    cloudMap: (scope) => new CloudMapEmulator({ ...options.cloudMap, store: cloudMapStore, scope }),
    snapshot: (scope, mesh) => db.read(() => readSnapshot(appMeshStore, scope, mesh, String(db.revision()))),
    meshes: (scope) => db.read(() => meshNames(appMeshStore, scope)),
    revision: () => db.revision(),
    watch: (onChange) => db.watch(onChange),
    ...(db.exclusive && {
      warning: `the disk holding ${db.file} is full: this process holds the state alone, other mesh processes wait until it stops`,
    }),
    close: () => db.close(),
  };
}
