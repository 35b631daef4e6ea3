/** The hand-written commands, beside the generated ones. */
import type { ExtraCommand } from "./command.js";
import { graphCommand } from "./graph.js";
import { serveCommand } from "./serve.js";
import { validateCommand } from "./validate.js";

export const EXTRA_COMMANDS: ExtraCommand[] = [validateCommand, serveCommand, graphCommand];
