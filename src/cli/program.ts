/**
 * The command tree: one command per operation of a service model (named and flagged as the AWS CLI
 * names them), built from the generated tables: App Mesh's at the top (`mesh create-mesh`), Cloud Map's
 * under `mesh servicediscovery`; plus the hand-written commands. Only the commands `argv` names are
 * built, and flags are attached only to the command that runs.
 */
import { Command } from "commander";
import { debugSink } from "../backend/aws/debug-log.js";
import type { Backend } from "../backend/backend.js";
import { appmesh } from "../model/generated/appmesh.js";
import { servicediscovery } from "../model/generated/servicediscovery.js";
import type { Operation, ServiceModel } from "../model/types.js";
import { chooseBackend } from "./backend-choice.js";
import { invalidChoiceMessage } from "./choices.js";
import type { CommandContext } from "./commands/command.js";
import { EXTRA_COMMANDS, OPERATION_EXTENSIONS } from "./commands/index.js";
import { addExtensionFlags } from "./commands/operation-extension.js";
import { usageError } from "./errors.js";
import {
  checkColor,
  defineGlobalOptions,
  type GlobalOptions,
  outputFormat,
  timestampFormat,
} from "./global-options.js";
import { mainHelp } from "./help.js";
import type { Io } from "./io.js";
import { addOperationOptions, type OperationFlags } from "./operation-options.js";
import { compileQuery } from "./query.js";
import { runOperation } from "./run-operation.js";
import { versionString } from "./version.js";

export interface Session {
  io: Io;
  /** The backends commands have needed, by service (closed by main). */
  backends: Map<string, Backend>;
  /** An exit code a command chose without failing. */
  exitCode?: number;
}

/** The services whose operations are commands: App Mesh at the top level, the others under their name. */
export const SUBSERVICES: Record<string, ServiceModel> = { servicediscovery };

function newCommand(parent: Command, name: string): Command {
  return parent.command(name).helpOption(false).allowUnknownOption().allowExcessArguments();
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
    backend: (service = appmesh) => {
      let backend = session.backends.get(service.metadata.serviceId);
      if (!backend) {
        const debug = globals().debug ? debugSink(io.stderr) : undefined;
        backend = chooseBackend(globals(), io.env, service, debug);
        session.backends.set(service.metadata.serviceId, backend);
      }
      return backend;
    },
    exit: (code) => {
      session.exitCode = code;
    },
  };

  const flags = new Map<Command, OperationFlags>();
  const operations = new Map<Command, Operation>();
  const addOperations = (parent: Command, model: ServiceModel) => {
    for (const op of model.operations) {
      if (!argv.includes(op.cliName)) continue;
      const extension = model === appmesh ? OPERATION_EXTENSIONS.find((e) => e.operation === op.cliName) : undefined;
      const command = newCommand(parent, op.cliName).action(
        async (values: Record<string, unknown>, command: Command) => {
          if (globals().version) return io.stdout(versionString());
          checkColor(globals());
          if (extension?.applies(values)) return extension.run(values, command.args, context);
          await runOperation({
            io,
            model,
            op,
            flags: flags.get(command) ?? { members: [] },
            values,
            extra: command.args,
            globals: globals(),
            output: context.output(),
            query: globals().query === undefined ? undefined : await compileQuery(globals().query as string),
            timestamps: timestampFormat(globals(), io.env),
            backend: () => context.backend(model),
            extensionHelp: extension?.help,
          });
        },
      );
      operations.set(command, op);
      if (extension) addExtensionFlags(command, extension);
    }
    const attachFlags = (_parent: Command, command: Command) => {
      const op = operations.get(command);
      if (op && !flags.has(command)) flags.set(command, addOperationOptions(command, op));
    };
    parent.hook("preSubcommand", attachFlags);
    const choices = model.operations.map((op) => op.cliName);
    return { choices, summaries: model.operations.map((op) => ({ name: op.cliName, summary: op.name })) };
  };

  const top = addOperations(program, appmesh);
  for (const [name, model] of Object.entries(SUBSERVICES)) {
    if (!argv.includes(name)) continue;
    const service = newCommand(program, name).argument("[operation]");
    const { choices, summaries } = addOperations(service, model);
    service.action((operation: string | undefined) => {
      if (globals().version) return io.stdout(versionString());
      if (operation === undefined) throw usageError("the following arguments are required: operation");
      if (operation === "help") return io.stdout(mainHelp(summaries, name));
      throw usageError(invalidChoiceMessage("operation", operation, choices));
    });
  }
  for (const extra of EXTRA_COMMANDS) {
    if (argv.includes(extra.name)) extra.define(newCommand(program, extra.name), context);
  }

  const commands = [
    ...top.summaries,
    ...Object.keys(SUBSERVICES).map((name) => ({ name, summary: `the ${name} operations (mesh ${name} help)` })),
    ...EXTRA_COMMANDS.map((c) => ({ name: c.name, summary: c.summary })),
  ];
  program.action((command: string | undefined) => {
    if (globals().version) return io.stdout(versionString());
    if (command === undefined) throw usageError("the following arguments are required: command");
    if (command === "help") return io.stdout(mainHelp(commands));
    throw usageError(
      invalidChoiceMessage(
        "operation",
        command,
        commands.map((c) => c.name),
      ),
    );
  });
  return program;
}
