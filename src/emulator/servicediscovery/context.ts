/** What every Cloud Map operation works with: the state, whose state it is, the time, and new ids. */
import type { NewId } from "./ids.js";
import type { CloudMapStore, Scope } from "./store.js";

/** Cloud Map's default quotas. */
export interface Quotas {
  namespaces: number;
  instancesPerService: number;
  tagsPerResource: number;
}

export const DEFAULT_QUOTAS: Quotas = { namespaces: 50, instancesPerService: 1000, tagsPerResource: 50 };

export interface Context {
  store: CloudMapStore;
  scope: Scope;
  /** Epoch milliseconds. */
  now: () => number;
  newId: NewId;
  quotas: Quotas;
}

export type Params = Record<string, unknown>;
export type Output = Record<string, unknown>;

/** `value` without its undefined members: outputs carry only what is set, as AWS's do. */
export function defined(value: Output): Output {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined));
}
