/**
 * `mesh graph`, once its flags are parsed: check them, gather the mesh's resources (from the backend or
 * from documents), build the graph and print it in the chosen format. Loaded only when `graph` runs.
 */

import { existsSync } from "node:fs";
import { relative, resolve } from "node:path";
import { invalidChoiceMessage } from "../cli/choices.js";
import type { CommandContext } from "../cli/commands/command.js";
import { unknownOptionsError, usageError } from "../cli/errors.js";
import { checkColor } from "../cli/global-options.js";
import { wantsColour } from "../cli/output/colour.js";
import { type DocumentSet, loadDocuments } from "../validate/documents.js";
import { buildGraph } from "./build.js";
import { GRAPH_HELP } from "./help.js";
import type { MeshGraph } from "./model.js";
import { renderDot } from "./render/dot.js";
import { renderJson } from "./render/json.js";
import { renderMermaid } from "./render/mermaid.js";
import { renderText } from "./render/text.js";
import { resourcesFromBackend } from "./sources/backend.js";
import { resourcesFromDocuments } from "./sources/documents.js";

export interface GraphFlags {
  meshName?: string;
  format?: string;
  from?: string[];
}

const RENDERERS: Record<string, (graph: MeshGraph, colour: boolean) => string> = {
  text: renderText,
  mermaid: renderMermaid,
  dot: renderDot,
  json: renderJson,
};

export async function runGraph(flags: GraphFlags, extra: string[], context: CommandContext): Promise<void> {
  const { io } = context;
  if (extra.at(-1) === "help") return io.stdout(GRAPH_HELP);
  if (extra.length) throw unknownOptionsError(extra);
  checkColor(context.globals());
  const format = flags.format ?? "text";
  const render = RENDERERS[format];
  if (!render) throw usageError(invalidChoiceMessage("--format", format, Object.keys(RENDERERS)));
  const resources = flags.from
    ? resourcesFromDocuments(await documents(flags.from, io.cwd), flags.meshName)
    : await resourcesFromBackend(context.backend(), requiredMesh(flags.meshName));
  io.stdout(render(buildGraph(resources), wantsColour(context.globals().color, context.io)));
}

function requiredMesh(meshName: string | undefined): string {
  if (meshName === undefined) throw usageError("the following arguments are required: --mesh-name (or --from)");
  return meshName;
}

/** The documents under `paths` (relative to the working directory), their files named relative to it. */
async function documents(paths: string[], cwd: string): Promise<DocumentSet> {
  for (const path of paths) {
    if (!existsSync(resolve(cwd, path))) throw usageError(`argument --from: no such file or directory: ${path}`);
  }
  const set = await loadDocuments(paths.map((path) => resolve(cwd, path)));
  const named = <T extends { file: string }>(item: T): T => ({ ...item, file: relative(cwd, item.file) });
  return { documents: set.documents.map(named), problems: set.problems.map(named) };
}
