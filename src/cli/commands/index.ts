/** The hand-written commands, beside the generated ones. */
import type { ExtraCommand } from "./command.js";
import { validateCommand } from "./validate.js";

export const EXTRA_COMMANDS: ExtraCommand[] = [validateCommand];
