/**
 * Loads the data plane. In the CLI bundle this import is rewritten to the separate data-plane bundle
 * (see scripts/bundle.ts), so only the commands that call this pay for parsing it.
 */
export type Dataplane = typeof import("../../dataplane/entry.js");

export function loadDataplane(): Promise<Dataplane> {
  return import("../../dataplane/entry.js");
}
