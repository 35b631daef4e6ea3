/**
 * Loads migration (import, export, evaluation, cascade). In the CLI bundle this import is rewritten to
 * the separate migration bundle (see scripts/bundle.ts), so only the commands that call this pay for
 * parsing it.
 */
export type Migrate = typeof import("../../migrate/entry.js");

export function loadMigrate(): Promise<Migrate> {
  return import("../../migrate/entry.js");
}
