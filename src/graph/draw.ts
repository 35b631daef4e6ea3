/**
 * The graph code `mesh graph` loads when it runs (src/cli/commands/graph.ts): a mesh snapshot → graph →
 * text in one of GRAPH_FORMATS.
 */
import type { MeshSnapshot } from "../snapshot/snapshot.js";
import { buildGraph } from "./build.js";
import type { GraphFormat } from "./formats.js";
import type { MeshGraph } from "./model.js";
import { renderDot } from "./render/dot.js";
import { renderJson } from "./render/json.js";
import { renderMermaid } from "./render/mermaid.js";
import { renderText } from "./render/text.js";

const RENDERERS: Record<GraphFormat, (graph: MeshGraph, colour: boolean) => string> = {
  text: renderText,
  mermaid: renderMermaid,
  dot: renderDot,
  json: renderJson,
};

/** The picture of `snapshot` in `format`; `colour` only matters for text. */
export function drawGraph(snapshot: MeshSnapshot, format: GraphFormat, colour: boolean): string {
  return RENDERERS[format](buildGraph(snapshot), colour);
}
