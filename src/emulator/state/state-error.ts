/**
 * What is wrong with the state itself (its directory, its database file, a row in it), in one line that
 * names the file or the resource: the CLI prints it and exits 255, `mesh serve` logs it and answers 5xx.
 */
export class StateError extends Error {
  override readonly name: string = "StateError";
  constructor(
    message: string,
    /** SQLite's extended result code, when SQLite reported the failure (`SQLITE_IOERR_SHMSIZE`). */
    readonly sqliteCode?: string,
  ) {
    super(message);
  }
}

/** Another process holds the lock this one needs (a writer, a backup, an `sqlite3` shell). */
export class StateBusyError extends StateError {
  override readonly name = "StateBusyError";
}

/** The words for a failed file system call (`EACCES` → "permission denied"), else its own message. */
export function fileProblem(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code ?? "";
  const words = FILE_PROBLEMS[code];
  return words ?? (error instanceof Error ? error.message : String(error));
}

const FILE_PROBLEMS: Record<string, string> = {
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  ENOTDIR: "a part of the path is not a directory",
  EROFS: "the file system is read-only",
  ENOSPC: "the disk is full",
  EISDIR: "it is a directory",
  ENOENT: "no such file or directory",
  ELOOP: "too many symbolic links",
  ENAMETOOLONG: "the name is too long",
};
