/**
 * Mesh snapshots from `mesh validate` input documents (see documents.ts), folded as declaredResources
 * folds them: create-* declares, update-* replaces a spec, delete-* removes. Every resource keeps the
 * document it came from as its origin, so checks across resources can point at a file.
 *
 * snapshotFromDocuments is the offline source of `mesh graph --from`, `mesh explain --from` and
 * `mesh route-check --from`: one mesh, or a DocumentsError saying why the documents cannot be used.
 */
import type { MeshSpec } from "@aws-sdk/client-app-mesh";
import { appmesh } from "../model/generated/appmesh.js";
import { contentRevision, emptySnapshot, LIST_OF_KIND, type MeshSnapshot } from "../snapshot/snapshot.js";
import { type DeclaredResource, declaredResources } from "./declared-resources.js";
import { type DocumentSet, documentLabel, type InputDocument } from "./documents.js";
import { formatValidationReport, validateParams } from "./params.js";

/**
 * Why the documents cannot be used. `argument` names the command-line argument at fault (`--mesh-name`,
 * `--from`) when it is one; otherwise the documents themselves are, one line each after the first.
 */
export class DocumentsError extends Error {
  override readonly name = "DocumentsError";
  constructor(
    message: string,
    readonly argument?: "--mesh-name" | "--from",
  ) {
    super(message);
  }
}

/** One snapshot per mesh the resources belong to, with each resource's document as its origin. */
export function snapshotsOf(resources: Iterable<DeclaredResource>): Map<string, MeshSnapshot> {
  const snapshots = new Map<string, MeshSnapshot>();
  const snapshotOf = (mesh: string) => {
    let snapshot = snapshots.get(mesh);
    if (!snapshot) {
      snapshot = emptySnapshot(mesh);
      snapshots.set(mesh, snapshot);
    }
    return snapshot;
  };
  for (const { kind, mesh, parent, name, spec, doc } of resources) {
    const snapshot = snapshotOf(mesh);
    if (kind.id === "mesh") {
      snapshot.meshSpec = spec as MeshSpec;
      continue;
    }
    const origin = { file: doc.file, index: doc.index, documentsInFile: doc.documentsInFile };
    const source = doc.source ? { source: doc.source } : {};
    const resource = { name, spec, origin: { ...origin, operation: doc.operation.cliName, ...source } };
    // Each resource passed its operation's input validation, so its spec has the SDK shape of its list.
    (snapshot[LIST_OF_KIND[kind.id]] as unknown[]).push(kind.parent ? { ...resource, parent } : resource);
  }
  for (const snapshot of snapshots.values()) snapshot.revision = contentRevision(snapshot);
  return snapshots;
}

/** The snapshot of the mesh `--mesh-name` names, or of the only mesh the documents hold. */
export function snapshotFromDocuments(set: DocumentSet, requested: string | undefined): MeshSnapshot {
  refuse(set.problems.map((problem) => `${where(problem)}: ${problem.message}`));
  const mesh = chooseMesh(set, requested);
  const documents = set.documents.filter((doc) => doc.input.meshName === mesh);
  refuse(documents.flatMap(invalidity));
  const declared = declaredResources(documents);
  refuse(
    declared.problems.map(
      ({ doc, problem }) => `${where(doc)}: ${doc.source?.path(problem.path) ?? problem.path}: ${problem.message}`,
    ),
  );
  return snapshotsOf(declared.resources.values()).get(mesh) ?? emptySnapshot(mesh);
}

function chooseMesh(set: DocumentSet, requested: string | undefined): string {
  const meshes = [
    ...new Set(set.documents.flatMap(({ input }) => (typeof input.meshName === "string" ? [input.meshName] : []))),
  ];
  if (requested !== undefined) {
    if (meshes.includes(requested)) return requested;
    throw new DocumentsError(`the documents hold no mesh ${requested} (they hold: ${list(meshes)})`, "--mesh-name");
  }
  if (meshes.length === 1) return meshes[0] as string;
  if (meshes.length === 0) throw new DocumentsError("the documents name no mesh", "--from");
  throw new DocumentsError(`the documents hold several meshes (${list(meshes)}): choose one`, "--mesh-name");
}

function invalidity(document: InputDocument): string[] {
  const shape = document.operation.input?.shape;
  const problems = shape ? validateParams(appmesh, shape, document.input) : [];
  return problems.length ? [`${where(document)}: ${formatValidationReport(problems)}`] : [];
}

function refuse(problems: string[]): void {
  if (problems.length) throw new DocumentsError(`Cannot use the documents:\n${problems.join("\n")}`);
}

type Place = Pick<InputDocument, "file" | "index" | "documentsInFile" | "source"> & { resource?: string };

function where(place: Place): string {
  return documentLabel(place.file, place.index, place.documentsInFile, place.source?.resource ?? place.resource);
}

function list(names: string[]): string {
  return names.length ? names.join(", ") : "none";
}
