/** The hand-written commands, beside the generated ones, and the flags they add to generated ones. */
import type { ExtraCommand } from "./command.js";
import { completionCommand } from "./completion.js";
import { deleteMeshCascade } from "./delete-mesh-cascade.js";
import { envoyBootstrapCommand } from "./envoy-bootstrap.js";
import { explainCommand } from "./explain.js";
import { exportCommand } from "./export.js";
import { graphCommand } from "./graph.js";
import { importCommand } from "./import.js";
import type { OperationExtension } from "./operation-extension.js";
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
  importCommand,
  exportCommand,
  completionCommand,
  proxyStatusCommand,
  envoyBootstrapCommand,
];

export const OPERATION_EXTENSIONS: OperationExtension[] = [deleteMeshCascade];
