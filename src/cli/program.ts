/**
 * The command tree: one command per operation of the App Mesh model (named and flagged as the AWS CLI
 * names them), built from the generated table, plus the hand-written commands. Only the commands
 * `argv` names are built, and flags are attached only to the command that runs.
 */
import { Command } from "commander";
import type { Backend } from "../backend/backend.js";
import { LocalBackend } from "../backend/local-backend.js";
import { appmesh } from "../model/generated/appmesh.js";
import type { Operation } from "../model/types.js";
import { invalidChoiceMessage } from "./choices.js";
import type { CommandContext } from "./commands/command.js";
import { EXTRA_COMMANDS } from "./commands/index.js";
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
  /** An exit code a command chose without failing. */
  exitCode?: number;
}

function newCommand(program: Command, name: string): Command {
  return program.command(name).helpOption(false).allowUnknownOption().allowExcessArguments();
}

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
  const globals = () => program.opts<GlobalOptions>();
  const context: CommandContext = {
    io,
    globals,
    output: () => outputFormat(globals(), io.env),
    exit: (code) => {
      session.exitCode = code;
    },
    backend: () => {
      session.backend ??= new LocalBackend({
        region: localRegion(globals(), io.env),
        account: localAccount(io.env),
        stateDir: stateDir(io.env),
      });
      return session.backend;
    },
  };

  const flags = new Map<Command, OperationFlags>();
  const operations = new Map<Command, Operation>();
  for (const op of appmesh.operations) {
    if (!argv.includes(op.cliName)) continue;
    const command = newCommand(program, op.cliName).action(
      async (values: Record<string, unknown>, command: Command) => {
        if (globals().version) return io.stdout(versionString());
        checkColor(globals());
        await runOperation({
          io,
          model: appmesh,
          op,
          flags: flags.get(command) ?? { members: [] },
          values,
          extra: command.args,
          globals: globals(),
          output: context.output(),
          query: globals().query === undefined ? undefined : await compileQuery(globals().query as string),
          backend: context.backend,
        });
      },
    );
    operations.set(command, op);
  }
  program.hook("preSubcommand", (_program, command) => {
    const op = operations.get(command);
    if (op && !flags.has(command)) flags.set(command, addOperationOptions(command, op));
  });

  for (const extra of EXTRA_COMMANDS) {
    if (argv.includes(extra.name)) extra.define(newCommand(program, extra.name), context);
  }

  const commandNames = [...appmesh.operations.map((op) => op.cliName), ...EXTRA_COMMANDS.map((c) => c.name)];
  program.action((command: string | undefined) => {
    if (globals().version) return io.stdout(versionString());
    if (command === undefined) throw usageError("the following arguments are required: command");
    if (command === "help") {
      const summaries = [
        ...appmesh.operations.map((op) => ({ name: op.cliName, summary: op.name })),
        ...EXTRA_COMMANDS.map((c) => ({ name: c.name, summary: c.summary })),
      ];
      return io.stdout(mainHelp(summaries));
    }
    throw usageError(invalidChoiceMessage("operation", command, commandNames));
  });
  return program;
}
