/**
 * The graph code `mesh graph` loads when it runs (src/cli/commands/graph.ts): the two sources of a mesh's
 * resources, and resources → graph → text in one of GRAPH_FORMATS.
 */
import { buildGraph } from "./build.js";
import type { GraphFormat } from "./formats.js";
import type { MeshGraph } from "./model.js";
import { renderDot } from "./render/dot.js";
import { renderJson } from "./render/json.js";
import { renderMermaid } from "./render/mermaid.js";
import { renderText } from "./render/text.js";
import type { MeshResources } from "./resources.js";

export { resourcesFromBackend } from "./sources/backend.js";
export { DocumentsError, resourcesFromDocuments } from "./sources/documents.js";

const RENDERERS: Record<GraphFormat, (graph: MeshGraph, colour: boolean) => string> = {
  text: renderText,
  mermaid: renderMermaid,
  dot: renderDot,
  json: renderJson,
};

/** The picture of `resources` in `format`; `colour` only matters for text. */
export function drawGraph(resources: MeshResources, format: GraphFormat, colour: boolean): string {
  return RENDERERS[format](buildGraph(resources), colour);
}
