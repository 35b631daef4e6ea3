/** The formats `mesh graph --format` draws in (src/graph/draw.ts has a renderer for each). No imports: the command checks `--format` before loading the graph code. */
export const GRAPH_FORMATS = ["text", "mermaid", "dot", "json"] as const;

export type GraphFormat = (typeof GRAPH_FORMATS)[number];

export function isGraphFormat(format: string): format is GraphFormat {
  return (GRAPH_FORMATS as readonly string[]).includes(format);
}
