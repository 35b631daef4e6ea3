/**
 * The default backend: the App Mesh and Cloud Map emulators in this process, on the SQLite state in
 * the state directory. No daemon, no account; `mesh serve` can run on the same state at the same time.
 */
import type { AppMeshEmulator } from "../emulator/appmesh/service.js";
import type { CloudMapEmulator } from "../emulator/servicediscovery/service.js";
import type { Operation } from "../model/types.js";
import type { Backend, Output, Params } from "./backend.js";

/** Where the local emulators keep their state, and the account and region they act in. */
export interface LocalBackendConfig {
  region: string;
  account: string;
  stateDir: string;
}

interface Emulator {
  call(operation: string, input: Params): Output;
  close(): void;
}

export class LocalBackend implements Backend {
  /** Promises, so that two first calls at once open one store, not two. */
  private readonly emulators = new Map<string, Promise<Emulator>>();

  constructor(private readonly config: LocalBackendConfig) {}

  async call(operation: Operation, input: Params): Promise<Output> {
    let emulator = this.emulators.get(operation.service);
    if (!emulator) {
      emulator = this.open(operation.service);
      this.emulators.set(operation.service, emulator);
    }
    return (await emulator).call(operation.name, input);
  }

  async close(): Promise<void> {
    for (const emulator of this.emulators.values()) (await emulator).close();
    this.emulators.clear();
  }

  /** Loaded on first use: commands that never reach the backend skip SQLite's start-up cost. */
  private async open(service: string): Promise<Emulator> {
    const scope = { account: this.config.account, region: this.config.region };
    const { stateFile } = await import("../emulator/store/state-file.js");
    const path = stateFile(this.config.stateDir);
    let emulator: Emulator;
    if (service === "servicediscovery") {
      const [{ SqliteCloudMapStore }, { CloudMapEmulator }] = await Promise.all([
        import("../emulator/servicediscovery/sqlite-store.js"),
        import("../emulator/servicediscovery/service.js"),
      ]);
      const store = new SqliteCloudMapStore(path);
      const cloudMap: CloudMapEmulator = new CloudMapEmulator({ store, scope });
      emulator = { call: (op, input) => cloudMap.call(op, input), close: () => store.close() };
    } else {
      const [{ SqliteStore }, { AppMeshEmulator }, { loadSettings }] = await Promise.all([
        import("../emulator/store/sqlite-store.js"),
        import("../emulator/appmesh/service.js"),
        import("../emulator/settings.js"),
      ]);
      const { quotas } = loadSettings(this.config.stateDir);
      const store = new SqliteStore(path);
      const appMesh: AppMeshEmulator = new AppMeshEmulator({ store, scope, quotas });
      emulator = { call: (op, input) => appMesh.call(op, input), close: () => store.close() };
    }
    return emulator;
  }
}
