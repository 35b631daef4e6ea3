/**
 * A hand-written command (`mesh serve`, `mesh validate`, `mesh graph`): what the generated operation
 * commands do not cover. Each one defines its own options and action; heavy code is imported inside
 * the action, so merely having the command costs no start-up time.
 */
import type { Command } from "commander";
import type { Backend } from "../../backend/backend.js";
import type { ServiceModel } from "../../model/types.js";
import type { GlobalOptions } from "../global-options.js";
import type { Io } from "../io.js";
import type { OutputFormat } from "../output/format.js";

export interface CommandContext {
  io: Io;
  globals(): GlobalOptions;
  /** The backend the global options and configuration select for a service, App Mesh unless named (created on first use, closed by main). */
  backend(service?: ServiceModel): Backend;
  /** `--output`, else `AWS_DEFAULT_OUTPUT`, else the profile's `output`, else json. */
  output(): OutputFormat;
  /** Ends the command with this exit code, with nothing more printed (e.g. `mesh validate` finding problems). */
  exit(code: number): void;
}

export interface ExtraCommand {
  name: string;
  summary: string;
  define(command: Command, context: CommandContext): void;
}
