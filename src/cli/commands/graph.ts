/** `mesh graph`: draws a mesh (see src/graph/). The drawing code is imported only when the command runs. */
import type { Command } from "commander";
import type { CommandContext, ExtraCommand } from "./command.js";

export const graphCommand: ExtraCommand = {
  name: "graph",
  summary: "Draw a mesh: gateways, services, routers, routes with weights, nodes, dangling references",
  define(command: Command, context: CommandContext): void {
    command
      .option("--mesh-name <value>")
      .option("--format <value>")
      .option("--from <path...>")
      .action(async (flags: Record<string, unknown>, self: Command) => {
        const { runGraph } = await import("../../graph/run.js");
        await runGraph(flags, self.args, context);
      });
  },
};
