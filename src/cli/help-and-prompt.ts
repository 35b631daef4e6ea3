/**
 * Two AWS CLI habits handled before the command line is parsed: `--help` / `-h` anywhere ask for the
 * help page (as `help` at the end does, exit 0), and the auto-prompt (`--cli-auto-prompt`,
 * AWS_CLI_AUTO_PROMPT=on|on-partial) is refused clearly, since mesh has no interactive prompt.
 */
import { usageError } from "./errors.js";

export function helpFlagsAsHelp(argv: string[]): string[] {
  const asked = argv.some((word) => word === "--help" || word === "-h");
  return asked ? [...argv.filter((word) => word !== "--help" && word !== "-h"), "help"] : argv;
}

export function refuseAutoPrompt(argv: string[], env: NodeJS.ProcessEnv): void {
  const flag = argv.lastIndexOf("--cli-auto-prompt");
  const off = argv.lastIndexOf("--no-cli-auto-prompt");
  const fromEnv = off < 0 && ["on", "on-partial"].includes(env.AWS_CLI_AUTO_PROMPT ?? "");
  if (flag > off || fromEnv) {
    const source = flag > off ? "argument --cli-auto-prompt" : `AWS_CLI_AUTO_PROMPT=${env.AWS_CLI_AUTO_PROMPT}`;
    throw usageError(`${source}: mesh has no interactive prompt; give the whole command (see mesh <command> help)`);
  }
}
