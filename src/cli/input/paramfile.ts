/**
 * `file://PATH` for any parameter value: the file's text replaces the value (awscli paramfile.py).
 * The path is relative to the working directory, with `~` and `$VARS` expanded, and the message on
 * failure quotes Python's OSError text.
 */
import { readFileSync } from "node:fs";
import { homedir } from "node:os";
import { resolve } from "node:path";
import { pythonRepr } from "../../validate/python-text.js";
import { paramError } from "../errors.js";

const PYTHON_ERRNO: Record<string, [number, string]> = {
  ENOENT: [2, "No such file or directory"],
  EACCES: [13, "Permission denied"],
  EPERM: [1, "Operation not permitted"],
  EISDIR: [21, "Is a directory"],
  ENOTDIR: [20, "Not a directory"],
  ELOOP: [40, "Too many levels of symbolic links"],
  ENAMETOOLONG: [36, "File name too long"],
};

function expandPath(path: string, env: NodeJS.ProcessEnv): string {
  const user = path === "~" || path.startsWith("~/") ? homedir() + path.slice(1) : path;
  return user.replace(/\$(\w+)|\$\{(\w+)\}/g, (whole, a: string | undefined, b: string | undefined) => {
    const value = env[a ?? b ?? ""];
    return value === undefined ? whole : value;
  });
}

const UTF8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/**
 * The value with a `file://` or `fileb://` reference replaced by the file's content. Content that is
 * not UTF-8 is refused (never read with replacement characters, never echoed): `file://` with the AWS
 * CLI's message, `fileb://` because no App Mesh or Cloud Map parameter takes binary data.
 */
export function loadParamFile(value: string, cliName: string, cwd: string, env: NodeJS.ProcessEnv): string {
  const prefix = value.startsWith("file://") ? "file://" : value.startsWith("fileb://") ? "fileb://" : null;
  if (!prefix) return value;
  const path = expandPath(value.slice(prefix.length), env);
  let bytes: Buffer;
  try {
    bytes = readFileSync(resolve(cwd, path));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "";
    const [errno, text] = PYTHON_ERRNO[code] ?? [5, "Input/output error"];
    throw paramError(cliName, `Unable to load paramfile ${value}: [Errno ${errno}] ${text}: ${pythonRepr(path)}`);
  }
  let text: string;
  try {
    text = UTF8.decode(bytes);
  } catch {
    if (prefix === "fileb://") {
      throw paramError(
        cliName,
        `Unable to load paramfile (${path}): its contents are binary, and ${cliName} takes text`,
      );
    }
    throw paramError(
      cliName,
      `Unable to load paramfile (${path}), text contents could not be decoded.  If this is a binary file, please use the fileb:// prefix instead of the file:// prefix.`,
    );
  }
  // Python reads text files with universal newlines.
  return prefix === "file://" ? text.replace(/\r\n?/g, "\n") : text;
}
