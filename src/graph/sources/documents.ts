/**
 * A mesh's resources from `mesh validate` input documents (see src/validate/documents.ts), applied in
 * file order: create-* declares a resource, update-* replaces its spec (and declares it when the set has
 * no create for it: the update is written against a resource that exists where it will run), delete-*
 * removes it. Other operations (describe, list, tags) say nothing about what the mesh holds.
 */
import { CliError, EXIT, usageError } from "../../cli/errors.js";
import { appmesh } from "../../model/generated/appmesh.js";
import type { DocumentSet, InputDocument } from "../../validate/documents.js";
import { formatValidationReport, validateParams } from "../../validate/params.js";
import { emptyResources, type MeshResources } from "../resources.js";

const RESOURCE_OPERATION =
  /^(Create|Update|Delete)(VirtualGateway|GatewayRoute|VirtualService|VirtualRouter|Route|VirtualNode)$/;

const LISTS = {
  VirtualGateway: "virtualGateways",
  GatewayRoute: "gatewayRoutes",
  VirtualService: "virtualServices",
  VirtualRouter: "virtualRouters",
  Route: "routes",
  VirtualNode: "virtualNodes",
} as const;

const PARENT_MEMBERS: Partial<Record<keyof typeof LISTS, string>> = {
  GatewayRoute: "virtualGatewayName",
  Route: "virtualRouterName",
};

/** The resources of the mesh `--mesh-name` names, or of the only mesh the documents hold. */
export function resourcesFromDocuments(set: DocumentSet, requested: string | undefined): MeshResources {
  if (set.problems.length) refuse(set.problems.map((problem) => `${where(problem)}: ${problem.message}`));
  const mesh = chooseMesh(set, requested);
  const documents = set.documents.filter((doc) => doc.input.meshName === mesh);
  refuse(documents.flatMap(invalidity));
  const declared = new Map<string, { list: keyof typeof LISTS; name: string; parent?: string; spec: unknown }>();
  for (const { operation, input } of documents) {
    const [, verb, kind] = RESOURCE_OPERATION.exec(operation.name) ?? [];
    if (!verb || !kind) continue;
    const type = kind as keyof typeof LISTS;
    const name = String(input[`${kind[0]?.toLowerCase()}${kind.slice(1)}Name`]);
    const parentMember = PARENT_MEMBERS[type];
    const parent = parentMember === undefined ? undefined : String(input[parentMember]);
    const key = `${type}:${parent ?? ""}/${name}`;
    if (verb === "Delete") declared.delete(key);
    else declared.set(key, { list: type, name, spec: input.spec ?? {}, ...(parent === undefined ? {} : { parent }) });
  }
  const resources = emptyResources(mesh);
  for (const { list, ...resource } of declared.values()) {
    // Each document passed its operation's input validation, so its spec has the SDK shape of its list.
    (resources[LISTS[list]] as unknown[]).push(resource);
  }
  return resources;
}

function chooseMesh(set: DocumentSet, requested: string | undefined): string {
  const meshes = [
    ...new Set(set.documents.flatMap(({ input }) => (typeof input.meshName === "string" ? [input.meshName] : []))),
  ];
  if (requested !== undefined) {
    if (meshes.includes(requested)) return requested;
    throw usageError(`argument --mesh-name: the documents hold no mesh ${requested} (they hold: ${list(meshes)})`);
  }
  if (meshes.length === 1) return meshes[0] as string;
  if (meshes.length === 0) throw usageError("argument --from: the documents name no mesh");
  throw usageError(`argument --mesh-name: the documents hold several meshes (${list(meshes)}): choose one`);
}

function invalidity(document: InputDocument): string[] {
  const shape = document.operation.input?.shape;
  const problems = shape ? validateParams(appmesh, shape, document.input) : [];
  return problems.length ? [`${where(document)}: ${formatValidationReport(problems)}`] : [];
}

function refuse(problems: string[]): void {
  if (problems.length) throw new CliError(`Cannot draw the documents:\n${problems.join("\n")}`, EXIT.usage);
}

/** `file`, or `file#2` for the second document of a file (as `mesh validate` names them). */
function where({ file, index }: { file: string; index: number }): string {
  return index === 0 ? file : `${file}#${index + 1}`;
}

function list(names: string[]): string {
  return names.length ? names.join(", ") : "none";
}
