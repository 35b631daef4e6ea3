/** The hand-written commands, beside the generated ones. */
import type { ExtraCommand } from "./command.js";
import { completionCommand } from "./completion.js";
import { explainCommand } from "./explain.js";
import { graphCommand } from "./graph.js";
import { routeCheckCommand } from "./route-check.js";
import { serveCommand } from "./serve.js";
import { upCommand } from "./up.js";
import { validateCommand } from "./validate.js";

export const EXTRA_COMMANDS: ExtraCommand[] = [
  validateCommand,
  serveCommand,
  graphCommand,
  upCommand,
  explainCommand,
  routeCheckCommand,
  completionCommand,
];
