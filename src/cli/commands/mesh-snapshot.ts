/**
 * The mesh a hand-written command works on (`mesh graph`, `mesh explain`, `mesh route-check`): read from
 * the selected backend with `--mesh-name`, or offline from `mesh validate` documents with `--from`.
 * Documents that cannot be used are a usage error (exit 252) that lists why.
 */
import type { MeshSnapshot } from "../../snapshot/snapshot.js";
import { CliError, EXIT, usageError } from "../errors.js";
import type { CommandContext } from "./command.js";
import { loadDocumentPaths } from "./document-paths.js";

export interface SnapshotFlags {
  meshName?: string;
  from?: string[];
}

export async function loadMeshSnapshot(flags: SnapshotFlags, context: CommandContext): Promise<MeshSnapshot> {
  if (flags.from) {
    const set = await loadDocumentPaths(flags.from, context.io.cwd, "--from");
    const { DocumentsError, snapshotFromDocuments } = await import("../../validate/document-snapshot.js");
    try {
      return snapshotFromDocuments(set, flags.meshName);
    } catch (error) {
      if (!(error instanceof DocumentsError)) throw error;
      // A wrong argument is a usage error; documents that cannot be used are listed, without the usage.
      throw error.argument
        ? usageError(`argument ${error.argument}: ${error.message}`)
        : new CliError(error.message, EXIT.usage);
    }
  }
  if (flags.meshName === undefined) throw usageError("the following arguments are required: --mesh-name (or --from)");
  const { snapshotFromBackend } = await import("../../backend/mesh-snapshot.js");
  return snapshotFromBackend(context.backend(), flags.meshName);
}
