/**
 * What an importer gives: `mesh validate` documents (an operation and its input), each with the
 * resource of the source file it was read from and where its members were written there, and the
 * problems that kept resources out (a value that cannot be resolved statically, an unknown property).
 */
import { appmesh } from "../../model/generated/appmesh.js";
import { KINDS, parseOperationName } from "../../model/resources.js";
import type { SourcePaths } from "./source-paths.js";

export interface ImportedDocument {
  /** The source file (set by the loader for formats read one file at a time). */
  file?: string;
  /** As a document names it: `create-virtual-node`, `servicediscovery create-service`. */
  operation: string;
  input: Record<string, unknown>;
  /** How the source names the resource: `Resources.CatalogV1`, `VirtualNode shop/catalog`, `aws_appmesh_route.canary`. */
  resource: string;
  paths: SourcePaths;
}

export interface ImportProblem {
  file?: string;
  resource?: string;
  /** Where in the source file, when the problem is about one value. */
  path?: string;
  message: string;
}

export interface ImportResult {
  documents: ImportedDocument[];
  problems: ImportProblem[];
  /** Resources of the source that are neither App Mesh nor Cloud Map resources, left aside: `Resources.Cluster (AWS::ECS::Cluster)`. */
  skipped: string[];
}

/** The order resources are created in: what each one names must exist before it. */
const RANK: Record<string, number> = {
  "create-mesh": 0,
  "servicediscovery create-http-namespace": 1,
  "servicediscovery create-private-dns-namespace": 1,
  "servicediscovery create-public-dns-namespace": 1,
  "servicediscovery create-service": 2,
  "create-virtual-node": 3,
  "create-virtual-router": 4,
  "create-route": 5,
  "create-virtual-service": 6,
  "create-virtual-gateway": 7,
  "create-gateway-route": 8,
};

export function rankOf(operation: string): number {
  return RANK[operation] ?? Object.keys(RANK).length;
}

/** What a document declares, for sorting and messages: mesh, parent and name (Cloud Map: its Name). */
function identityOf(doc: { operation: string; input: Record<string, unknown> }): string[] {
  const op = appmesh.operations.find((o) => o.cliName === doc.operation);
  const parsed = op && parseOperationName(op.name);
  if (!parsed) return [String(doc.input.NamespaceId ?? ""), String(doc.input.Name ?? "")];
  const { kind } = parsed;
  const parent = kind.parent ? String(doc.input[KINDS[kind.parent].nameMember]) : "";
  return [String(doc.input.meshName), parent, String(doc.input[kind.nameMember])];
}

/** Dependency order, then by mesh, parent and name: the same resources always give the same documents. */
export function sortDocuments<T extends { operation: string; input: Record<string, unknown> }>(docs: T[]): T[] {
  const key = (doc: T) => identityOf(doc).join("\u0000");
  return [...docs].sort((a, b) => rankOf(a.operation) - rankOf(b.operation) || compare(key(a), key(b)));
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
