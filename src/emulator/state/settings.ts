/**
 * The emulator's own settings, from `mesh.json` in the state directory, so that the CLI and a
 * `mesh serve` on the same state agree. Today: raised (or lowered) service quotas, as AWS let you
 * request them:
 *
 *   { "quotas": { "virtualNodesPerMesh": 1000, "meshesPerAccount": 50 } }
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { DEFAULT_QUOTAS, type Quotas } from "../appmesh/quotas.js";
import { fileProblem, StateError } from "./state-error.js";

export const SETTINGS_FILE = "mesh.json";

export interface EmulatorSettings {
  quotas: Partial<Quotas>;
}

export function loadSettings(stateDir: string): EmulatorSettings {
  const file = join(stateDir, SETTINGS_FILE);
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // No file, or no state directory yet (opening the state makes it, or says why it cannot).
    if (code === "ENOENT" || code === "ENOTDIR") return { quotas: {} };
    throw new StateError(`Cannot read ${file}: ${fileProblem(error)}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new StateError(`${file}: ${(error as Error).message}`);
  }
  const object = (value: unknown) => typeof value === "object" && value !== null && !Array.isArray(value);
  const given = object(parsed) ? ((parsed as { quotas?: unknown }).quotas ?? {}) : undefined;
  if (!object(given)) throw new StateError(`${file}: expected {"quotas": {"<quota>": <number>, ...}}`);
  const quotas: Partial<Quotas> = {};
  for (const [name, value] of Object.entries(given as Record<string, unknown>)) {
    if (!Object.hasOwn(DEFAULT_QUOTAS, name)) {
      throw new StateError(`${file}: unknown quota "${name}" (known: ${Object.keys(DEFAULT_QUOTAS).join(", ")})`);
    }
    if (!Number.isInteger(value) || (value as number) < 0)
      throw new StateError(`${file}: quota "${name}" must be a whole number`);
    quotas[name as keyof Quotas] = value as number;
  }
  return { quotas };
}
