/**
 * `mesh graph`: draws a mesh (see src/graph/). The flags are checked here; the graph code (its sources,
 * builder and renderers) is imported only once they are, when the command runs.
 */
import type { Command } from "commander";
import { GRAPH_FORMATS, type GraphFormat, isGraphFormat } from "../../graph/formats.js";
import { invalidChoiceMessage } from "../choices.js";
import { unknownOptionsError, usageError } from "../errors.js";
import { checkColor } from "../global-options.js";
import { wantsColour } from "../output/colour.js";
import type { CommandContext, ExtraCommand } from "./command.js";
import { loadMeshSnapshot, type SnapshotFlags } from "./mesh-snapshot.js";

interface GraphFlags extends SnapshotFlags {
  format?: string;
}

export const graphCommand: ExtraCommand = {
  name: "graph",
  summary: "Draw a mesh: gateways, services, routers, routes with weights, nodes, dangling references",
  define(command: Command, context: CommandContext): void {
    command
      .option("--mesh-name <value>")
      .option("--format <value>")
      .option("--from <path...>")
      .action(async (flags: GraphFlags, self: Command) => runGraph(flags, self.args, context));
  },
};

async function runGraph(flags: GraphFlags, extra: string[], context: CommandContext): Promise<void> {
  const { io } = context;
  if (extra.at(-1) === "help") {
    const { GRAPH_HELP } = await import("../../graph/help.js");
    return io.stdout(GRAPH_HELP);
  }
  if (extra.length) throw unknownOptionsError(extra);
  checkColor(context.globals());
  const format = checkFormat(flags.format ?? "text");
  const snapshot = await loadMeshSnapshot(flags, context);
  const { drawGraph } = await import("../../graph/draw.js");
  io.stdout(drawGraph(snapshot, format, wantsColour(context.globals().color, io)));
}

function checkFormat(format: string): GraphFormat {
  if (!isGraphFormat(format)) throw usageError(invalidChoiceMessage("--format", format, [...GRAPH_FORMATS]));
  return format;
}
