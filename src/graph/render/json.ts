/** `--format json`: the graph model itself (see ../model.ts), for scripts and other tools. */
import type { MeshGraph } from "../model.js";

export function renderJson(graph: MeshGraph): string {
  return `${JSON.stringify(graph, null, 2)}\n`;
}
