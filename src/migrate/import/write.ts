/**
 * Imported documents, as `mesh validate` reads them: one YAML stream (or a JSON array), or a directory
 * with one file per kind, numbered in the order the resources must be created.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { rankOf, sortDocuments } from "./imported.js";

export interface Document {
  operation: string;
  input: Record<string, unknown>;
}

const FILES = [
  "meshes",
  "cloud-map-namespaces",
  "cloud-map-services",
  "virtual-nodes",
  "virtual-routers",
  "routes",
  "virtual-services",
  "virtual-gateways",
  "gateway-routes",
  "other",
];

const FIRST = ["meshName", "virtualRouterName", "virtualGatewayName"];

/** The document as written: `operation`, then the mesh and names (parents first), then the rest (spec, tags). */
export function documentValue({ operation, input }: Document): Record<string, unknown> {
  const rank = (key: string) => (FIRST.includes(key) ? FIRST.indexOf(key) : FIRST.length);
  const names = Object.keys(input)
    .filter((key) => /Name$/.test(key))
    .sort((a, b) => rank(a) - rank(b));
  const rest = Object.keys(input).filter((key) => !names.includes(key));
  return Object.fromEntries([["operation", operation], ...[...names, ...rest].map((key) => [key, input[key]])]);
}

export async function documentsYaml(documents: Document[]): Promise<string> {
  const { stringify } = await import("yaml");
  return sortDocuments(documents)
    .map((doc) => `---\n${stringify(documentValue(doc), { lineWidth: 0 })}`)
    .join("");
}

/** Writes the documents under `dir`, one file per kind; returns the files written. */
export async function writeDocuments(dir: string, documents: Document[]): Promise<string[]> {
  const byFile = new Map<string, Document[]>();
  for (const doc of sortDocuments(documents)) {
    const rank = Math.min(rankOf(doc.operation), FILES.length - 1);
    const file = `${rank + 1}-${FILES[rank]}.yaml`;
    byFile.set(file, [...(byFile.get(file) ?? []), doc]);
  }
  mkdirSync(dir, { recursive: true });
  const written: string[] = [];
  for (const [file, docs] of byFile) {
    writeFileSync(join(dir, file), await documentsYaml(docs));
    written.push(join(dir, file));
  }
  return written;
}
