/**
 * The CLI's one boundary: run the command line, and turn whatever went wrong into the AWS CLI's
 * message on stderr and its exit code. Nothing below this prints errors or exits.
 */
import { CommanderError } from "commander";
import { debugSink, pythonStrRepr } from "../backend/aws/debug-log.js";
import { BackendConfigError, BackendConnectionError } from "../backend/errors.js";
import { ServiceError } from "../model/service-error.js";
import { CliError, EXIT, usageError } from "./errors.js";
import { helpFlagsAsHelp, refuseAutoPrompt } from "./help-and-prompt.js";
import type { Io } from "./io.js";
import { buildProgram, type Session } from "./program.js";
import { withoutServiceName } from "./service-alias.js";
import { versionString } from "./version.js";

const USAGE = [
  "usage: mesh [options] <command> [parameters]",
  "To see help text, you can run:",
  "",
  "  mesh help",
  "  mesh <command> help",
  "",
].join("\n");

export async function main(args: string[], io: Io): Promise<number> {
  const session: Session = { io, backends: new Map() };
  const argv = helpFlagsAsHelp(withoutServiceName(args));
  if (argv.includes("--debug")) {
    const log = debugSink(io.stderr);
    log("awscli.clidriver", `CLI version: ${versionString().trim()}`);
    log("awscli.clidriver", `Arguments entered to CLI: [${args.map(pythonStrRepr).join(", ")}]`);
  }
  try {
    refuseAutoPrompt(argv, io.env);
    await buildProgram(session, argv).parseAsync(argv, { from: "user" });
    return session.exitCode ?? EXIT.ok;
  } catch (error) {
    return report(error, io, argv.includes("--debug"));
  } finally {
    for (const backend of session.backends.values()) await backend.close();
  }
}

/** Ctrl-C: the AWS CLI prints a newline to stdout and exits 130. */
export function interrupted(io: Io): number {
  io.stdout("\n");
  return EXIT.interrupted;
}

function report(error: unknown, io: Io, debug: boolean): number {
  const failure = asCliError(error);
  if (debug && error instanceof Error && !(error instanceof CliError)) io.stderr(`${error.stack}\n`);
  if (failure.withUsage) io.stderr(`\n${USAGE}\n${failure.message}\n\n`);
  else io.stderr(`\n${failure.message}\n`);
  return failure.exitCode;
}

function asCliError(error: unknown): CliError {
  if (error instanceof CliError) return error;
  if (error instanceof ServiceError) {
    const retries = error.retriesExhausted === undefined ? "" : ` (reached max retries: ${error.retriesExhausted})`;
    return new CliError(
      `An error occurred (${error.code}) when calling the ${error.operation} operation${retries}: ${error.message}`,
      EXIT.service,
    );
  }
  if (error instanceof BackendConfigError) return new CliError(error.message, EXIT.config);
  if (error instanceof BackendConnectionError) return new CliError(error.message, EXIT.general);
  if (error instanceof CommanderError) {
    const flag = /option '(--[\w-]+)/.exec(error.message)?.[1];
    if (error.code === "commander.optionMissingArgument" && flag) {
      return usageError(`argument ${flag}: expected one argument`);
    }
    return usageError(error.message.replace(/^error: /, ""));
  }
  return new CliError(error instanceof Error ? error.message : String(error), EXIT.general);
}
