/** The hand-written commands, beside the generated ones. */
import type { ExtraCommand } from "./command.js";

export const EXTRA_COMMANDS: ExtraCommand[] = [];
