/**
 * Input documents for `mesh validate` and `mesh graph --from`: JSON or YAML files, each holding one
 * operation input or a list of them. A document is what `--cli-input-json` / `--cli-input-yaml` takes,
 * plus an `operation` member naming the operation (`create-virtual-node` or `CreateVirtualNode`):
 *
 *   { "operation": "create-route", "meshName": "shop", "virtualRouterName": "web", "routeName": "main",
 *     "spec": { "httpRoute": { ... } } }
 *
 * A YAML file may hold several documents separated by `---`; a JSON file may hold an array of them.
 * A Cloud Map operation is named as on the command line, after its service: `servicediscovery
 * create-service`; in a document, a service names its namespace by name (`NamespaceId: apps.local`).
 *
 * Documents may also come from another format (a CloudFormation template, Kubernetes manifests…, see
 * src/migrate/import/): each then says which resource of its file it is, and where a member of the
 * input was written there, so problems point at what the user wrote.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { extname, join } from "node:path";
import { appmesh } from "../model/generated/appmesh.js";
import { servicediscovery } from "../model/generated/servicediscovery.js";
import type { Operation, ServiceModel } from "../model/types.js";
import type { DocumentSource } from "../snapshot/snapshot.js";

export interface InputDocument {
  file: string;
  /** The document's position in its file, from 0. */
  index: number;
  /** How many documents its file holds (see documentLabel). */
  documentsInFile: number;
  operation: Operation;
  /** The operation input: the document without its `operation` member. */
  input: Record<string, unknown>;
  /** For a document imported from another format: the resource it was read from. */
  source?: DocumentSource;
}

export interface DocumentProblem {
  file: string;
  index: number;
  documentsInFile: number;
  message: string;
  /** The resource of an imported file the problem is about (see DocumentSource). */
  resource?: string;
}

export interface DocumentSet {
  documents: InputDocument[];
  problems: DocumentProblem[];
}

/**
 * How every command names a document: `file` when its file holds one document (or could not be read),
 * `file#2` for the second document of a file that holds several (numbered from 1), `file: resource`
 * for a document imported from another format.
 */
export function documentLabel(file: string, index: number, documentsInFile: number, resource?: string): string {
  if (resource !== undefined) return `${file}: ${resource}`;
  return documentsInFile > 1 ? `${file}#${index + 1}` : file;
}

/** The model of the service an operation belongs to. */
export function modelOf(operation: Operation): ServiceModel {
  return operation.service === servicediscovery.operations[0]?.service ? servicediscovery : appmesh;
}

/** The operation a document's `operation` member names: `create-route`, `CreateRoute`, `servicediscovery create-service`. */
export function operationNamed(name: string): Operation | undefined {
  const [service, operation] = name.startsWith("servicediscovery ")
    ? [servicediscovery, name.slice("servicediscovery ".length)]
    : [appmesh, name];
  return service.operations.find((op) => op.cliName === operation || op.name === operation);
}

/** How a document names its operation (`create-route`, `servicediscovery create-service`). */
export function operationLabel(operation: Operation): string {
  return operation.service === "appmesh" ? operation.cliName : `${operation.service} ${operation.cliName}`;
}

const EXTENSIONS = new Set([".json", ".yaml", ".yml"]);

/** Every file under `paths` (files, or directories searched recursively), in a stable order. */
export function documentFiles(paths: string[]): string[] {
  const files: string[] = [];
  const visit = (path: string) => {
    if (statSync(path).isDirectory()) {
      for (const entry of readdirSync(path).sort()) {
        const child = join(path, entry);
        if (statSync(child).isDirectory() || EXTENSIONS.has(extname(entry).toLowerCase())) visit(child);
      }
    } else {
      files.push(path);
    }
  };
  for (const path of paths) visit(path);
  return files;
}

export async function loadDocuments(paths: string[]): Promise<DocumentSet> {
  const set: DocumentSet = { documents: [], problems: [] };
  for (const file of documentFiles(paths)) {
    let values: unknown[];
    try {
      values = await parseFile(file);
    } catch (error) {
      set.problems.push({ file, index: 0, documentsInFile: 1, message: (error as Error).message });
      continue;
    }
    const parsed = parsedDocuments(file, values);
    set.documents.push(...parsed.documents);
    set.problems.push(...parsed.problems);
  }
  return set;
}

/** The documents of one file, from its parsed values (one per document). */
export function parsedDocuments(file: string, values: unknown[]): DocumentSet {
  const set: DocumentSet = { documents: [], problems: [] };
  values.forEach((value, index) => {
    const result = toDocument({ file, index, documentsInFile: values.length }, value);
    if ("message" in result) set.problems.push(result);
    else set.documents.push(result);
  });
  return set;
}

async function parseFile(file: string): Promise<unknown[]> {
  const text = readFileSync(file, "utf8");
  if (extname(file).toLowerCase() === ".json") {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw new Error(`invalid JSON: ${(error as Error).message}`);
    }
    return Array.isArray(value) ? value : [value];
  }
  const { parseAllDocuments } = await import("yaml");
  const docs = parseAllDocuments(text);
  return docs.flatMap((doc) => {
    if (doc.errors.length) throw new Error(`invalid YAML: ${doc.errors[0]?.message}`);
    const value = doc.toJS() as unknown;
    if (value === null || value === undefined) return [];
    return Array.isArray(value) ? value : [value];
  });
}

type Place = Pick<InputDocument, "file" | "index" | "documentsInFile">;

function toDocument(place: Place, value: unknown): InputDocument | DocumentProblem {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return { ...place, message: "a document must be an object with an operation member" };
  }
  const { operation: name, ...input } = value as Record<string, unknown>;
  if (typeof name !== "string") return { ...place, message: 'missing "operation" (e.g. "create-virtual-node")' };
  const operation = operationNamed(name);
  if (!operation) return { ...place, message: `unknown operation "${name}"` };
  return { ...place, operation, input };
}
