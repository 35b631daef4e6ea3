/**
 * The command tree: one command per operation of the App Mesh model (named and flagged as the AWS CLI
 * names them), built from the generated table. Flags are attached only to the command that runs.
 */
import { Command } from "commander";
import type { Backend } from "../backend/backend.js";
import { LocalBackend } from "../backend/local-backend.js";
import { appmesh } from "../model/generated/appmesh.js";
import type { Operation } from "../model/types.js";
import { invalidChoiceMessage } from "./choices.js";
import { usageError } from "./errors.js";
import {
  checkColor,
  defineGlobalOptions,
  type GlobalOptions,
  localAccount,
  localRegion,
  outputFormat,
  stateDir,
} from "./global-options.js";
import { mainHelp } from "./help.js";
import type { Io } from "./io.js";
import { addOperationOptions, type OperationFlags } from "./operation-options.js";
import { compileQuery } from "./query.js";
import { runOperation } from "./run-operation.js";
import { versionString } from "./version.js";

export interface Session {
  io: Io;
  /** The backend, once a command has needed one (closed by main). */
  backend?: Backend;
}

/** The tree for `argv`: only the operations it names get a command, which keeps start-up cheap. */
export function buildProgram(session: Session, argv: string[]): Command {
  const { io } = session;
  const program = new Command("mesh")
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout(s), writeErr: () => {}, outputError: () => {} })
    .helpOption(false)
    .helpCommand(false)
    .argument("[command]")
    .allowUnknownOption()
    .allowExcessArguments();
  defineGlobalOptions(program);

  const flags = new Map<Command, OperationFlags>();
  const operations = new Map<Command, Operation>();
  for (const op of appmesh.operations) {
    if (!argv.includes(op.cliName)) continue;
    const command = program
      .command(op.cliName)
      .helpOption(false)
      .allowUnknownOption()
      .allowExcessArguments()
      .action(async (values: Record<string, unknown>, command: Command) => {
        const globals = program.opts<GlobalOptions>();
        if (globals.version) return io.stdout(versionString());
        checkColor(globals);
        await runOperation({
          io,
          model: appmesh,
          op,
          flags: flags.get(command) ?? { members: [] },
          values,
          extra: command.args,
          globals,
          output: outputFormat(globals, io.env),
          query: globals.query === undefined ? undefined : await compileQuery(globals.query),
          backend: () => {
            session.backend ??= new LocalBackend({
              region: localRegion(globals, io.env),
              account: localAccount(io.env),
              stateDir: stateDir(io.env),
            });
            return session.backend;
          },
        });
      });
    operations.set(command, op);
  }

  program.hook("preSubcommand", (_program, command) => {
    const op = operations.get(command);
    if (op && !flags.has(command)) flags.set(command, addOperationOptions(command, op));
  });

  program.action((command: string | undefined) => {
    const globals = program.opts<GlobalOptions>();
    if (globals.version) return io.stdout(versionString());
    if (command === undefined) throw usageError("the following arguments are required: command");
    if (command === "help") {
      return io.stdout(mainHelp(appmesh.operations.map((op) => ({ name: op.cliName, summary: op.name }))));
    }
    throw usageError(
      invalidChoiceMessage(
        "operation",
        command,
        appmesh.operations.map((op) => op.cliName),
      ),
    );
  });
  return program;
}
