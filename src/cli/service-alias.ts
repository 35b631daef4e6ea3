/**
 * `mesh appmesh <command>`: App Mesh's commands are mesh's top level, and `appmesh` before them is
 * accepted and dropped, so `sed 's/^aws /mesh /'` turns an AWS CLI script into a mesh one.
 */
import { Command } from "commander";
import { defineGlobalOptions } from "./global-options.js";

const SERVICE = "appmesh";

/** `argv` without the service name, when the first word that is no global option (or its value) is `appmesh`. */
export function withoutServiceName(argv: string[]): string[] {
  const probe = new Command();
  defineGlobalOptions(probe);
  const takesValue = new Set(probe.options.filter((o) => o.required || o.optional).map((o) => o.long));
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i] as string;
    if (word === "--") return argv;
    if (word.startsWith("-")) {
      if (takesValue.has(word)) i++;
      continue;
    }
    return word === SERVICE ? [...argv.slice(0, i), ...argv.slice(i + 1)] : argv;
  }
  return argv;
}
