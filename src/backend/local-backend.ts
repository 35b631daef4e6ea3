/**
 * The default backend: the App Mesh emulator in this process, on the SQLite state in the state
 * directory. No daemon, no account; `mesh serve` can run on the same state at the same time.
 */
import { join } from "node:path";
import type { AppMeshEmulator } from "../emulator/appmesh/service.js";
import type { Store } from "../emulator/store/store.js";
import type { Operation } from "../model/types.js";
import type { Backend, BackendConfig, Output, Params } from "./backend.js";

export const STATE_FILE = "state.db";

export class LocalBackend implements Backend {
  private store: Store | undefined;
  private emulator: AppMeshEmulator | undefined;

  constructor(private readonly config: BackendConfig) {}

  async call(operation: Operation, input: Params): Promise<Output> {
    if (!this.emulator) {
      // Loaded on first use: commands that never reach the backend skip SQLite's start-up cost.
      const [{ SqliteStore }, { AppMeshEmulator }] = await Promise.all([
        import("../emulator/store/sqlite-store.js"),
        import("../emulator/appmesh/service.js"),
      ]);
      this.store = new SqliteStore(join(this.config.stateDir, STATE_FILE));
      this.emulator = new AppMeshEmulator({
        store: this.store,
        scope: { account: this.config.account, region: this.config.region },
      });
    }
    return this.emulator.call(operation.name, input);
  }

  async close(): Promise<void> {
    this.store?.close();
    this.store = undefined;
    this.emulator = undefined;
  }
}
