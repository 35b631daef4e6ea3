/**
 * A mesh's resources from `mesh validate` input documents (see src/validate/documents.ts), as
 * declaredResources (src/validate/declared-resources.ts) reads them for `mesh validate` too: create-*
 * declares, update-* replaces a spec, delete-* removes. A set that cannot be drawn is a DocumentsError,
 * which the command turns into its exit code.
 */
import { appmesh } from "../../model/generated/appmesh.js";
import type { KindId } from "../../model/resources.js";
import { declaredResources } from "../../validate/declared-resources.js";
import { type DocumentSet, documentLabel, type InputDocument } from "../../validate/documents.js";
import { formatValidationReport, validateParams } from "../../validate/params.js";
import { emptyResources, type MeshResources } from "../resources.js";

/**
 * Why the documents cannot be drawn. `argument` names the command-line argument at fault (`--mesh-name`,
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

const LISTS: Record<Exclude<KindId, "mesh">, Exclude<keyof MeshResources, "mesh">> = {
  virtualGateway: "virtualGateways",
  gatewayRoute: "gatewayRoutes",
  virtualService: "virtualServices",
  virtualRouter: "virtualRouters",
  route: "routes",
  virtualNode: "virtualNodes",
};

/** The resources of the mesh `--mesh-name` names, or of the only mesh the documents hold. */
export function resourcesFromDocuments(set: DocumentSet, requested: string | undefined): MeshResources {
  refuse(set.problems.map((problem) => `${where(problem)}: ${problem.message}`));
  const mesh = chooseMesh(set, requested);
  const documents = set.documents.filter((doc) => doc.input.meshName === mesh);
  refuse(documents.flatMap(invalidity));
  const declared = declaredResources(documents);
  refuse(declared.problems.map(({ doc, problem }) => `${where(doc)}: ${problem.path}: ${problem.message}`));
  const resources = emptyResources(mesh);
  for (const { kind, parent, name, spec } of declared.resources.values()) {
    if (kind.id === "mesh") continue;
    // Each document passed its operation's input validation, so its spec has the SDK shape of its list.
    (resources[LISTS[kind.id]] as unknown[]).push({ name, spec, ...(kind.parent ? { parent } : {}) });
  }
  return resources;
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
  if (problems.length) throw new DocumentsError(`Cannot draw the documents:\n${problems.join("\n")}`);
}

function where({ file, index, documentsInFile }: Pick<InputDocument, "file" | "index" | "documentsInFile">): string {
  return documentLabel(file, index, documentsInFile);
}

function list(names: string[]): string {
  return names.length ? names.join(", ") : "none";
}
