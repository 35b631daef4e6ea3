/**
 * The default backend: the App Mesh and Cloud Map emulators in this process, on the SQLite state in
 * the state directory. No daemon, no account; `mesh serve` can run on the same state at the same time.
 */
import type { AppMeshEmulator } from "../emulator/appmesh/service.js";
import type { CloudMapEmulator } from "../emulator/servicediscovery/service.js";
import type { Operation } from "../model/types.js";
import type { Backend, BackendConfig, Output, Params } from "./backend.js";

interface Emulator {
  call(operation: string, input: Params): Output;
  close(): void;
}

export class LocalBackend implements Backend {
  private readonly emulators = new Map<string, Emulator>();

  constructor(private readonly config: BackendConfig) {}

  async call(operation: Operation, input: Params): Promise<Output> {
    const emulator = this.emulators.get(operation.service) ?? (await this.open(operation.service));
    return emulator.call(operation.name, input);
  }

  async close(): Promise<void> {
    for (const emulator of this.emulators.values()) emulator.close();
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
    this.emulators.set(service, emulator);
    return emulator;
  }
}
