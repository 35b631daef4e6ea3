/**
 * `mesh validate`: every document through both tiers, then the set as a whole, the way the mesh it
 * describes would be: references resolve inside the set, routes fit their routers and targets, and the
 * lint findings App Mesh accepted but that never worked (dangling backends, empty routers, weights
 * that do not add up, ports nothing listens on).
 */

import { appmesh } from "../model/generated/appmesh.js";
import { list, obj } from "../model/json.js";
import { referencesOf } from "../model/references.js";
import { KINDS, type KindId } from "../model/resources.js";
import { checkInput } from "./check-input.js";
import { type DeclaredResource, declaredResources, resourceKey } from "./declared-resources.js";
import type { DocumentSet, InputDocument } from "./documents.js";
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
}

type Declared = Map<string, DeclaredResource>;

export function validateDocuments(set: DocumentSet): DocumentProblem[] {
  const problems: DocumentProblem[] = set.problems.map((p) => ({
    file: p.file,
    document: p.index,
    documentsInFile: p.documentsInFile,
    path: "",
    message: p.message,
    severity: "error",
  }));
  const at = (doc: InputDocument, found: Problem[]) =>
    found.map((p) => ({
      ...p,
      file: doc.file,
      document: doc.index,
      documentsInFile: doc.documentsInFile,
      operation: doc.operation.cliName,
    }));
  // Set-level checks need well-typed specs: every document that passed tier 1 takes part.
  const wellTyped: InputDocument[] = [];
  for (const doc of set.documents) {
    const check = checkInput(appmesh, doc.operation, doc.input);
    problems.push(...at(doc, [...check.client, ...check.service]));
    if (!check.client.length) wellTyped.push(doc);
  }
  const declared = declaredResources(wellTyped);
  for (const { doc, problem } of declared.problems) problems.push(...at(doc, [problem]));
  // Whether a router has routes needs no spec: a route document that fails tier 1 still names its router
  // (and is reported on its own), so the router is not also "without routes".
  const routed = new Set<string>();
  for (const route of declaredResources(set.documents).resources.values()) {
    if (route.kind.id === "route") routed.add(resourceKey("virtualRouter", route.mesh, "", route.parent));
  }
  for (const resource of declared.resources.values()) {
    problems.push(...at(resource.doc, checkResource(resource, declared.resources, routed)));
  }
  return problems;
}

function viewOf(declared: Declared, mesh: string): MeshView {
  const spec = (kind: KindId) => (name: string) => declared.get(resourceKey(kind, mesh, "", name))?.spec;
  return {
    virtualNode: spec("virtualNode"),
    virtualRouter: spec("virtualRouter"),
    virtualService: spec("virtualService"),
    virtualGateway: spec("virtualGateway"),
  };
}

/** `routed`: the keys of the virtual routers some document declares a route in. */
function checkResource(resource: DeclaredResource, declared: Declared, routed: Set<string>): Problem[] {
  const findings = new Findings();
  const view = viewOf(declared, resource.mesh);
  const exists = (kind: KindId, name: string) => declared.has(resourceKey(kind, resource.mesh, "", name));
  for (const ref of referencesOf(resource.kind.id, resource.spec)) {
    if (!exists(ref.kind, ref.name)) {
      findings.error(ref.path, `${KINDS[ref.kind].label} ${ref.name} is not declared in mesh ${resource.mesh}`);
    }
  }
  switch (resource.kind.id) {
    case "route": {
      const router = view.virtualRouter(resource.parent);
      if (!router)
        findings.error(
          "virtualRouterName",
          `VirtualRouter ${resource.parent} is not declared in mesh ${resource.mesh}`,
        );
      else checkRouteInMesh(findings, resource.spec, router, view);
      break;
    }
    case "gatewayRoute": {
      const gateway = view.virtualGateway(resource.parent);
      if (!gateway)
        findings.error(
          "virtualGatewayName",
          `VirtualGateway ${resource.parent} is not declared in mesh ${resource.mesh}`,
        );
      else checkGatewayRouteInMesh(findings, resource.spec, gateway, view);
      break;
    }
    case "virtualRouter": {
      if (!routed.has(resourceKey("virtualRouter", resource.mesh, "", resource.name)))
        findings.warning(
          "virtualRouterName",
          `VirtualRouter ${resource.name} has no routes: traffic to it goes nowhere`,
        );
      break;
    }
    case "virtualNode":
      for (const [i, backend] of list(resource.spec.backends).entries()) {
        const name = obj(obj(backend)?.virtualService)?.virtualServiceName;
        if (typeof name === "string" && !exists("virtualService", name)) {
          findings.warning(
            `spec.backends[${i}]`,
            `VirtualService ${name} is not declared in mesh ${resource.mesh}: this backend goes nowhere`,
          );
        }
      }
      break;
  }
  return findings.problems;
}
