/**
 * `--cli-input-json` / `--cli-input-yaml`: the whole input as one document with the model's member
 * names (inline or `file://`). Flags given on the command line win over the document's values.
 */
import { pythonType } from "../../validate/python-text.js";
import { CliError, EXIT, paramError } from "../errors.js";
import { loadParamFile } from "./paramfile.js";
import { parsePythonJson } from "./python-json.js";
import type { InputContext } from "./unpack.js";

export async function loadCliInput(
  json: string | undefined,
  yaml: string | undefined,
  ctx: InputContext,
): Promise<Record<string, unknown> | undefined> {
  if (json !== undefined && yaml !== undefined) {
    throw new CliError("Only one --cli-input- parameter may be specified.", EXIT.usage);
  }
  if (json !== undefined) {
    let doc: unknown;
    try {
      doc = parsePythonJson(loadParamFile(json, "--cli-input-json", ctx.cwd, ctx.env));
    } catch (error) {
      if (error instanceof CliError) throw error;
      throw paramError("cli-input-json", "Invalid JSON received.");
    }
    return asMap(doc, "--cli-input-json");
  }
  if (yaml !== undefined) {
    const text = loadParamFile(yaml, "--cli-input-yaml", ctx.cwd, ctx.env);
    const { parse } = await import("yaml");
    let doc: unknown;
    try {
      doc = parse(text);
    } catch {
      throw paramError("cli-input-yaml", "Invalid YAML received.");
    }
    return asMap(doc, "--cli-input-yaml");
  }
  return undefined;
}

function asMap(doc: unknown, flag: string): Record<string, unknown> {
  if (typeof doc !== "object" || doc === null || Array.isArray(doc)) {
    throw paramError(flag, `Invalid type: expecting map, received ${pythonType(doc)}`);
  }
  return doc as Record<string, unknown>;
}
