/** The one database file in a state directory that every emulated service and every process shares. */
import { join } from "node:path";

export const STATE_FILE = "state.db";

export function stateFile(stateDir: string): string {
  return join(stateDir, STATE_FILE);
}
