/**
 * The AWS CLI's pager: output to a terminal goes through AWS_PAGER, else the profile's `cli_pager`,
 * else PAGER, else `less -R` (with LESS=FRX unless LESS is set); an empty setting or `--no-cli-pager`
 * turns it off, and output that is not a terminal is never paged. The command is split into words as
 * Python's shlex.split splits it and run without a shell; nothing is started for empty output.
 */
import type { Io } from "../io.js";
import { profileSetting } from "../profile-setting.js";

export function pagerCommand(
  io: Pick<Io, "env" | "isTTY">,
  profile: string | undefined,
  enabled: boolean,
): string | undefined {
  if (!enabled || !io.isTTY()) return undefined;
  const { env } = io;
  const command = env.AWS_PAGER ?? profileSetting(env, profile, "cli_pager") ?? env.PAGER ?? "less -R";
  return command.trim() === "" ? undefined : command;
}

/** Python's shlex.split (POSIX mode): words split on blanks, with '…', "…" and backslash escapes. */
export function shellWords(command: string): string[] {
  const words: string[] = [];
  let word: string | undefined;
  let quote: string | undefined;
  for (let i = 0; i < command.length; i++) {
    const char = command[i] as string;
    if (quote === "'") {
      if (char === "'") quote = undefined;
      else word = `${word ?? ""}${char}`;
    } else if (quote === '"') {
      if (char === '"') quote = undefined;
      else if (char === "\\" && ['"', "\\", "$", "`"].includes(command[i + 1] ?? ""))
        word = `${word ?? ""}${command[++i]}`;
      else word = `${word ?? ""}${char}`;
    } else if (/\s/.test(char)) {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else {
      word ??= "";
      if (char === "'" || char === '"') quote = char;
      else if (char === "\\") word += command[++i] ?? "";
      else word += char;
    }
  }
  if (quote) throw new Error("No closing quotation");
  if (word !== undefined) words.push(word);
  return words;
}

/** Writes `text` through the pager, whose output goes straight to the terminal, and waits for it to quit. */
export async function page(command: string, text: string, env: NodeJS.ProcessEnv): Promise<void> {
  const { spawn } = await import("node:child_process");
  const [file = "", ...args] = shellWords(command);
  const pagerEnv = { ...env, LESS: env.LESS ?? "FRX" };
  await new Promise<void>((resolve, reject) => {
    const child = spawn(file, args, { stdio: ["pipe", "inherit", "inherit"], env: pagerEnv });
    child.on("error", reject);
    child.on("close", () => resolve());
    child.stdin.on("error", () => {}); // a pager quit early (q in less) is no error
    child.stdin.end(text);
  });
}
