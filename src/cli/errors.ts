/**
 * The errors the CLI reports itself, each with the AWS CLI's exit code. `main()` is the only place
 * that turns them into output (see report in main.ts).
 */

export const EXIT = {
  ok: 0,
  usage: 252,
  config: 253,
  service: 254,
  general: 255,
  interrupted: 130,
} as const;

export class CliError extends Error {
  override readonly name: string = "CliError";
  constructor(
    message: string,
    readonly exitCode: number,
    /** Argparse-style errors print the usage block first. */
    readonly withUsage = false,
  ) {
    super(message);
  }
}

/** `mesh: error: …` after the usage block (argparse errors). */
export function usageError(message: string): CliError {
  return new CliError(`mesh: error: ${message}`, EXIT.usage, true);
}

/** `Unknown options: --bogus, x` after the usage block (no `error:` prefix, as in the AWS CLI). */
export function unknownOptionsError(words: string[]): CliError {
  return new CliError(`Unknown options: ${words.join(", ")}`, EXIT.usage, true);
}

/**
 * `Error parsing parameter '--spec': …` (value syntax: JSON, shorthand, file://). These messages echo
 * the input, so control characters in it (from a binary file) are shown escaped, never sent raw to a
 * terminal.
 */
export function paramError(cliName: string, message: string): CliError {
  return new CliError(`Error parsing parameter '${cliName}': ${escapeControls(message)}`, EXIT.usage);
}

/** C0 and C1 control characters but tab and newline, as Python writes them in a repr: `\x1b`. */
function escapeControls(text: string): string {
  return text.replace(/\p{Cc}/gu, (c) =>
    c === "\n" || c === "\t" ? c : `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`,
  );
}

/** Python's ValueError escaping the AWS CLI (`--limit abc`): exit 255, the bare message. */
export function valueError(message: string): CliError {
  return new CliError(message, EXIT.general);
}

export function configError(message: string): CliError {
  return new CliError(message, EXIT.config);
}
