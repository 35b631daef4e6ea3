/**
 * Every command name and the flags each one takes, from the same tables the command tree is built
 * from (the operation tables, the hand-written commands, the global options): what shell completion
 * offers.
 */
import { Command } from "commander";
import { appmesh } from "../model/generated/appmesh.js";
import type { ServiceModel } from "../model/types.js";
import type { CommandContext } from "./commands/command.js";
import { EXTRA_COMMANDS } from "./commands/index.js";
import { defineGlobalOptions } from "./global-options.js";
import { addOperationOptions } from "./operation-options.js";
import { SUBSERVICES } from "./program.js";

export interface CommandEntry {
  name: string;
  flags: string[];
}

export interface CommandTable {
  /** `mesh <name>`: App Mesh's operations, the services and the hand-written commands. */
  commands: CommandEntry[];
  /** `mesh <service> <name>`. */
  services: { name: string; commands: CommandEntry[] }[];
  /** Global options, with whether each takes a value. */
  globals: { flag: string; takesValue: boolean }[];
}

const longFlags = (command: Command) => command.options.flatMap((option) => (option.long ? [option.long] : []));

function operations(model: ServiceModel): CommandEntry[] {
  return model.operations.map((op) => {
    const command = new Command(op.cliName);
    addOperationOptions(command, op);
    return { name: op.cliName, flags: longFlags(command) };
  });
}

export function commandTable(context: CommandContext): CommandTable {
  const extras = EXTRA_COMMANDS.map((extra) => {
    const command = new Command(extra.name);
    extra.define(command, context);
    return { name: extra.name, flags: longFlags(command) };
  });
  const services = Object.entries(SUBSERVICES).map(([name, model]) => ({ name, commands: operations(model) }));
  const globals = new Command();
  defineGlobalOptions(globals);
  return {
    commands: [
      ...operations(appmesh),
      ...services.map(({ name }) => ({ name, flags: [] })),
      ...extras,
      { name: "appmesh", flags: [] },
      { name: "help", flags: [] },
    ],
    services,
    globals: globals.options.flatMap((o) => (o.long ? [{ flag: o.long, takesValue: o.required || o.optional }] : [])),
  };
}
