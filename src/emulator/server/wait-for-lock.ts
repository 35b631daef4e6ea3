/**
 * A request that meets another process's lock on the state (a CLI writer, a backup, an `sqlite3`
 * shell) is tried again after a short pause, without blocking the event loop, so every other request
 * is served meanwhile; after `timeoutMs` it is answered 503, which SDKs retry later.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { ServiceError } from "../../model/service-error.js";
import { StateBusyError } from "../state/state-error.js";

const FIRST_PAUSE_MS = 2;
const LONGEST_PAUSE_MS = 50;

export async function whileLocked<T>(attempt: () => T, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (let pause = FIRST_PAUSE_MS; ; pause = Math.min(pause * 2, LONGEST_PAUSE_MS)) {
    try {
      return attempt();
    } catch (error) {
      if (!(error instanceof StateBusyError)) throw error;
      if (Date.now() + pause > deadline) {
        throw new ServiceError(
          "ServiceUnavailableException",
          `The state is locked by another process (a CLI command, a backup, an sqlite3 shell); gave up after ${timeoutMs} ms`,
          503,
        );
      }
    }
    await sleep(pause);
  }
}
