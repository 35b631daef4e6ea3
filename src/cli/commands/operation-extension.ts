/**
 * Flags a hand-written extension adds to one generated operation command (`delete-mesh --cascade`).
 * When one of them is given, the extension runs instead of the plain operation; otherwise the command
 * is the AWS CLI's, unchanged. Its code is imported only when it runs.
 */
import type { Command } from "commander";
import type { CommandContext } from "./command.js";

export interface OperationExtension {
  /** The operation command it extends (`delete-mesh`). */
  operation: string;
  /** Its flags, as commander options (`--cascade`). */
  flags: string[];
  /** Lines for the operation's help page. */
  help: string;
  /** Whether the given option values ask for the extension. */
  applies(values: Record<string, unknown>): boolean;
  run(values: Record<string, unknown>, extra: string[], context: CommandContext): Promise<void>;
}

export function addExtensionFlags(command: Command, extension: OperationExtension): void {
  for (const flag of extension.flags) command.option(flag);
}
