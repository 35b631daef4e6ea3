/**
 * `mesh validate`: every document through both tiers, then the set as a whole, the way the mesh it
 * describes would be: references resolve inside the set, routes fit their routers and targets, and the
 * lint findings App Mesh accepted but that never worked (dangling backends, empty routers, weights
 * that do not add up, ports nothing listens on).
 */

import { type Json, list, obj } from "../model/json.js";
import { referencesOf } from "../model/references.js";
import { KINDS, type KindId } from "../model/resources.js";
import { SnapshotLookup } from "../snapshot/lookup.js";
import { LIST_OF_KIND, type MeshSnapshot, type Origin } from "../snapshot/snapshot.js";
import { checkInput } from "./check-input.js";
import { declaredResources, resourceKey } from "./declared-resources.js";
import { snapshotsOf } from "./document-snapshot.js";
import { type DocumentSet, type InputDocument, modelOf, operationLabel } from "./documents.js";
import type { Problem } from "./problem.js";
import { checkGatewayRouteInMesh, checkRouteInMesh, type MeshView } from "./rules/mesh-view.js";
import { Findings } from "./rules/rule.js";

export interface DocumentProblem extends Problem {
  file: string;
  /** Which document of the file (0-based); name it with documentLabel. */
  document: number;
  /** How many documents the file holds. */
  documentsInFile: number;
  operation?: string;
  /** The resource of an imported file the document was read from (see DocumentSource). */
  resource?: string;
}

export function validateDocuments(set: DocumentSet): DocumentProblem[] {
  const problems: DocumentProblem[] = set.problems.map((p) => ({
    file: p.file,
    document: p.index,
    documentsInFile: p.documentsInFile,
    path: "",
    message: p.message,
    severity: "error",
    ...(p.resource === undefined ? {} : { resource: p.resource }),
  }));
  // Problems of an imported document point at what its file says, where it says it.
  const at = (origin: Origin | undefined, found: Problem[]) =>
    origin
      ? found.map((p) => ({
          ...p,
          path: origin.source?.path(p.path) ?? p.path,
          file: origin.file,
          document: origin.index,
          documentsInFile: origin.documentsInFile,
          operation: origin.operation,
          ...(origin.source ? { resource: origin.source.resource } : {}),
        }))
      : [];
  const originOf = (doc: InputDocument): Origin => ({
    file: doc.file,
    index: doc.index,
    documentsInFile: doc.documentsInFile,
    operation: operationLabel(doc.operation),
    ...(doc.source ? { source: doc.source } : {}),
  });
  // Set-level checks need well-typed specs: every document that passed tier 1 takes part.
  const wellTyped: InputDocument[] = [];
  for (const doc of set.documents) {
    const check = checkInput(modelOf(doc.operation), doc.operation, doc.input);
    problems.push(...at(originOf(doc), [...check.client, ...check.service]));
    if (!check.client.length) wellTyped.push(doc);
  }
  const declared = declaredResources(wellTyped);
  for (const { doc, problem } of declared.problems) problems.push(...at(originOf(doc), [problem]));
  // Whether a router has routes needs no spec: a route document that fails tier 1 still names its router
  // (and is reported on its own), so the router is not also "without routes".
  const routed = new Set<string>();
  for (const route of declaredResources(set.documents).resources.values()) {
    if (route.kind.id === "route") routed.add(resourceKey("virtualRouter", route.mesh, "", route.parent));
  }
  const acrossResources: DocumentProblem[] = [];
  for (const snapshot of snapshotsOf(declared.resources.values()).values()) {
    const lookup = new SnapshotLookup(snapshot);
    for (const [kind, resource] of resourcesOf(snapshot)) {
      acrossResources.push(...at(resource.origin, checkResource(kind, resource, lookup, routed)));
    }
  }
  // In the order of the documents, as every other problem is.
  const position = new Map(set.documents.map((doc, i) => [`${doc.file}#${doc.index}`, i]));
  const rank = (p: DocumentProblem) => position.get(`${p.file}#${p.document}`) ?? 0;
  return [...problems, ...acrossResources.sort((a, b) => rank(a) - rank(b))];
}

type AnyResource = { name: string; spec: object; parent?: string; origin?: Origin };

function resourcesOf(snapshot: MeshSnapshot): [KindId, AnyResource][] {
  return Object.entries(LIST_OF_KIND).flatMap(([kind, key]) =>
    (snapshot[key] as AnyResource[]).map((resource) => [kind as KindId, resource] as [KindId, AnyResource]),
  );
}

function viewOf(lookup: SnapshotLookup): MeshView {
  const spec = (map: ReadonlyMap<string, { spec: object }>) => (name: string) => map.get(name)?.spec as Json;
  return {
    virtualNode: spec(lookup.virtualNodes),
    virtualRouter: spec(lookup.virtualRouters),
    virtualService: spec(lookup.virtualServices),
    virtualGateway: spec(lookup.virtualGateways),
  };
}

/** `routed`: the keys of the virtual routers some document declares a route in. */
function checkResource(kind: KindId, resource: AnyResource, lookup: SnapshotLookup, routed: Set<string>): Problem[] {
  const findings = new Findings();
  const mesh = lookup.snapshot.mesh;
  const view = viewOf(lookup);
  const spec = resource.spec as Json;
  const exists: Record<string, (name: string) => boolean> = {
    virtualNode: (name) => lookup.virtualNodes.has(name),
    virtualRouter: (name) => lookup.virtualRouters.has(name),
    virtualService: (name) => lookup.virtualServices.has(name),
    virtualGateway: (name) => lookup.virtualGateways.has(name),
  };
  for (const ref of referencesOf(kind, spec)) {
    if (!exists[ref.kind]?.(ref.name)) {
      findings.error(ref.path, `${KINDS[ref.kind].label} ${ref.name} is not declared in mesh ${mesh}`);
    }
  }
  switch (kind) {
    case "route": {
      const router = view.virtualRouter(String(resource.parent));
      if (!router)
        findings.error("virtualRouterName", `VirtualRouter ${resource.parent} is not declared in mesh ${mesh}`);
      else checkRouteInMesh(findings, spec, router, view);
      break;
    }
    case "gatewayRoute": {
      const gateway = view.virtualGateway(String(resource.parent));
      if (!gateway)
        findings.error("virtualGatewayName", `VirtualGateway ${resource.parent} is not declared in mesh ${mesh}`);
      else checkGatewayRouteInMesh(findings, spec, gateway, view);
      break;
    }
    case "virtualRouter": {
      if (!routed.has(resourceKey("virtualRouter", mesh, "", resource.name)))
        findings.warning(
          "virtualRouterName",
          `VirtualRouter ${resource.name} has no routes: traffic to it goes nowhere`,
        );
      break;
    }
    case "virtualNode":
      for (const [i, backend] of list(spec.backends).entries()) {
        const name = obj(obj(backend)?.virtualService)?.virtualServiceName;
        if (typeof name === "string" && !lookup.virtualServices.has(name)) {
          findings.warning(
            `spec.backends[${i}]`,
            `VirtualService ${name} is not declared in mesh ${mesh}: this backend goes nowhere`,
          );
        }
      }
      break;
  }
  return findings.problems;
}
