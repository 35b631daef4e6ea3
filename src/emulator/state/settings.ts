/**
 * The emulator's own settings, from `mesh.json` in the state directory, so that the CLI and a
 * `mesh serve` on the same state agree. Today: raised (or lowered) service quotas, as AWS let you
 * request them:
 *
 *   { "quotas": { "virtualNodesPerMesh": 1000, "meshesPerAccount": 50 } }
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { DEFAULT_QUOTAS, type Quotas } from "../appmesh/quotas.js";

export const SETTINGS_FILE = "mesh.json";

export interface EmulatorSettings {
  quotas: Partial<Quotas>;
}

export function loadSettings(stateDir: string): EmulatorSettings {
  const file = join(stateDir, SETTINGS_FILE);
  if (!existsSync(file)) return { quotas: {} };
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new Error(`${file}: ${(error as Error).message}`);
  }
  const object = (value: unknown) => typeof value === "object" && value !== null && !Array.isArray(value);
  const given = object(parsed) ? ((parsed as { quotas?: unknown }).quotas ?? {}) : undefined;
  if (!object(given)) throw new Error(`${file}: expected {"quotas": {"<quota>": <number>, ...}}`);
  const quotas: Partial<Quotas> = {};
  for (const [name, value] of Object.entries(given as Record<string, unknown>)) {
    if (!Object.hasOwn(DEFAULT_QUOTAS, name)) {
      throw new Error(`${file}: unknown quota "${name}" (known: ${Object.keys(DEFAULT_QUOTAS).join(", ")})`);
    }
    if (!Number.isInteger(value) || (value as number) < 0)
      throw new Error(`${file}: quota "${name}" must be a whole number`);
    quotas[name as keyof Quotas] = value as number;
  }
  return { quotas };
}
