/** The hand-written commands, beside the generated ones. */
import type { ExtraCommand } from "./command.js";
import { envoyBootstrapCommand } from "./envoy-bootstrap.js";
import { explainCommand } from "./explain.js";
import { graphCommand } from "./graph.js";
import { proxyStatusCommand } from "./proxy-status.js";
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
  proxyStatusCommand,
  envoyBootstrapCommand,
];
