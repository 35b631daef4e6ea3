/**
 * An export target: a function from one mesh to the files of another system's configuration, with the
 * feature-gap report of what it could not say (see ledger.ts).
 */
import type { MeshSnapshot } from "../../snapshot/snapshot.js";
import type { Gap } from "./ledger.js";

export interface ExportOptions {
  /** The Kubernetes namespace the objects are written to (Kubernetes targets). */
  namespace: string;
}

export interface ExportedFile {
  /** `istio.yaml`, `service-connect.template.yaml`. */
  name: string;
  /** The file's documents (a YAML stream), or the one template. */
  documents: unknown[];
}

export interface ExportResult {
  files: ExportedFile[];
  gaps: Gap[];
}

export type Exporter = (snapshot: MeshSnapshot, options: ExportOptions) => ExportResult;

export interface ExportTarget {
  /** What `--to` names it. */
  name: string;
  summary: string;
}
