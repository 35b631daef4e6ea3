/**
 * The default backend: the App Mesh and Cloud Map emulators in this process, on the SQLite state in
 * the state directory. No daemon, no account; `mesh serve` can run on the same state at the same time.
 */
import type { State } from "../emulator/open.js";
import type { Scope } from "../emulator/state/scope.js";
import type { Operation } from "../model/types.js";
import type { Backend, Output, Params } from "./backend.js";

/** Where the local emulators keep their state, and the account and region they act in. */
export interface LocalBackendConfig {
  region: string;
  account: string;
  stateDir: string;
}

export class LocalBackend implements Backend {
  /** A promise, so that two first calls at once open the state once, not twice. */
  private state: Promise<State> | undefined;

  constructor(private readonly config: LocalBackendConfig) {}

  async call(operation: Operation, input: Params): Promise<Output> {
    this.state ??= this.open();
    const state = await this.state;
    const scope: Scope = { account: this.config.account, region: this.config.region };
    const emulator = operation.service === "servicediscovery" ? state.cloudMap(scope) : state.appMesh(scope);
    return emulator.call(operation.name, input);
  }

  async close(): Promise<void> {
    const state = this.state;
    this.state = undefined;
    // A state that failed to open has nothing to close; its error was the command's to report.
    (await state?.catch(() => undefined))?.close();
  }

  /** Loaded on first use: commands that never reach the backend skip SQLite's start-up cost. */
  private async open(): Promise<State> {
    const { openState } = await import("../emulator/open.js");
    return openState({ stateDir: this.config.stateDir });
  }
}
