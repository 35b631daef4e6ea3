/**
 * Another process holding a state's write lock, as a stopped CLI writer, a backup or an `sqlite3`
 * shell would: `holdWriteLock(file)` resolves once the lock is taken; `release()` lets it go.
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";

export interface LockHolder {
  release(): Promise<void>;
}

export async function holdWriteLock(file: string): Promise<LockHolder> {
  const child = spawn(process.execPath, [fileURLToPath(import.meta.url), file], { stdio: ["pipe", "pipe", "inherit"] });
  const [line] = (await once(child.stdout, "data")) as [Buffer];
  if (line.toString() !== "locked\n") throw new Error(`the lock holder said ${line}`);
  return {
    release: async () => {
      child.stdin.end();
      await once(child, "close");
    },
  };
}

// As a process: take the lock, say so, and hold it until stdin closes.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { default: Database } = await import("better-sqlite3");
  const db = new Database(process.argv[2] as string);
  db.exec("BEGIN IMMEDIATE");
  process.stdout.write("locked\n");
  process.stdin.resume();
  process.stdin.on("end", () => {
    db.exec("ROLLBACK");
    db.close();
  });
}
