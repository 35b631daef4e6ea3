/**
 * What a set of input documents says a mesh holds, applied in order (file order, then position in the
 * file): create-* declares a resource, update-* replaces its spec (and declares it when the set has no
 * create for it: the update is written against a resource that exists where it will run), delete-*
 * removes it. Other operations (describe, list, tags) say nothing about what the mesh holds. A second
 * create of a resource the set already holds is a problem, and the later document is ignored.
 *
 * `mesh validate` checks the set it gives; `mesh graph --from` draws it.
 */

import { type Json, obj } from "../model/json.js";
import { KINDS, type Kind, type KindId, parseOperationName } from "../model/resources.js";
import { documentLabel, type InputDocument } from "./documents.js";
import type { Problem } from "./problem.js";

export interface DeclaredResource {
  kind: Kind;
  mesh: string;
  /** The virtual router of a route, the virtual gateway of a gateway route; "" for the other kinds. */
  parent: string;
  name: string;
  /** The spec of the last create-* or update-* document ({} when it has none). */
  spec: Json;
  /** The document the spec comes from: the create-*, or the last update-* after it. */
  doc: InputDocument;
  /** The create-* document that declared it, if the set has one. */
  created?: InputDocument;
}

export interface DeclaredResources {
  /** By resourceKey(kind, mesh, parent, name), in the order they were first declared. */
  resources: Map<string, DeclaredResource>;
  /** The documents that declare a resource a second time, each with its problem. */
  problems: { doc: InputDocument; problem: Problem }[];
}

export function resourceKey(kind: KindId, mesh: string, parent: string, name: string): string {
  return `${kind}|${mesh}|${parent}|${name}`;
}

export function declaredResources(documents: readonly InputDocument[]): DeclaredResources {
  const resources = new Map<string, DeclaredResource>();
  const problems: DeclaredResources["problems"] = [];
  for (const doc of documents) {
    const parsed = parseOperationName(doc.operation.name);
    if (!parsed) continue;
    const { verb, kind } = parsed;
    if (verb !== "Create" && verb !== "Update" && verb !== "Delete") continue;
    const mesh = String(doc.input.meshName);
    const parent = kind.parent ? String(doc.input[KINDS[kind.parent].nameMember]) : "";
    const name = String(doc.input[kind.nameMember]);
    const key = resourceKey(kind.id, mesh, parent, name);
    const earlier = resources.get(key);
    if (verb === "Delete") {
      resources.delete(key);
      continue;
    }
    if (verb === "Create" && earlier?.created) {
      const { file, index, documentsInFile, source } = earlier.created;
      problems.push({
        doc,
        problem: {
          path: kind.nameMember,
          message: `${kind.label} ${name} is already declared in ${documentLabel(file, index, documentsInFile, source?.resource)}`,
          severity: "error",
        },
      });
      continue;
    }
    const created = verb === "Create" ? doc : earlier?.created;
    resources.set(key, {
      kind,
      mesh,
      parent,
      name,
      spec: obj(doc.input.spec) ?? {},
      doc,
      ...(created ? { created } : {}),
    });
  }
  return { resources, problems };
}
