/** The state directory made ready, and the reasons a state file cannot be opened, in words. */
import { accessSync, constants, mkdirSync, statSync } from "node:fs";
import { dirname } from "node:path";
import { fileProblem, StateError } from "./state-error.js";

/** Makes the state directory (and its parents) unless it exists; a path that is not a directory is refused. */
export function checkedStateDirectory(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") {
      throw new StateError(`The state directory ${dir} is not a directory`);
    }
    throw new StateError(`Cannot create the state directory ${dir}: ${fileProblem(error)}`);
  }
}

/** Why SQLite could not open `file`: the directory or the file is not accessible, or not a file. */
export function whyCannotOpen(file: string): string {
  try {
    accessSync(dirname(file), constants.R_OK | constants.W_OK | constants.X_OK);
    if (statSync(file, { throwIfNoEntry: false })?.isDirectory()) return "it is a directory";
    accessSync(file, constants.R_OK | constants.W_OK);
  } catch (error) {
    return fileProblem(error);
  }
  return "SQLite cannot open it";
}
