/**
 * The paths `mesh validate` and `mesh graph --from` read documents from: each must exist (else a usage
 * error naming the argument), and every file is then named as the user would, relative to the working
 * directory, in the documents, in the load problems and in any message built from them. Files may hold
 * their mesh in any form `mesh import` reads (see src/migrate/import/load.ts).
 */
import { existsSync } from "node:fs";
import { relative, resolve } from "node:path";
import type { DocumentSet } from "../../validate/documents.js";
import { usageError } from "../errors.js";
import { loadMigrate } from "./migrate.js";

/** The documents under `paths` (relative to `cwd`); `argument` is how a usage error names them (`paths`, `--from`). */
export async function loadDocumentPaths(paths: string[], cwd: string, argument: string): Promise<DocumentSet> {
  for (const path of paths) {
    if (!existsSync(resolve(cwd, path))) throw usageError(`argument ${argument}: no such file or directory: '${path}'`);
  }
  // Loaded here, not at start-up: the document code brings the whole API model with it.
  const { asDocumentSet, loadSources } = await loadMigrate();
  const set = asDocumentSet(await loadSources(paths.map((path) => resolve(cwd, path))));
  const named = <T extends { file: string }>(item: T): T => ({ ...item, file: relative(cwd, item.file) || item.file });
  return { documents: set.documents.map(named), problems: set.problems.map(named) };
}
