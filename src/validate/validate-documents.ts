/**
 * `mesh validate`: every document through both tiers, then the set as a whole, the way the mesh it
 * describes would be: references resolve inside the set, routes fit their routers and targets, and the
 * lint findings App Mesh accepted but that never worked (dangling backends, empty routers, weights
 * that do not add up, ports nothing listens on).
 */

import { appmesh } from "../model/generated/appmesh.js";
import { referencesOf } from "../model/references.js";
import { KINDS, type KindId, parseOperationName } from "../model/resources.js";
import { checkInput } from "./check-input.js";
import type { DocumentSet, InputDocument } from "./documents.js";
import type { Problem } from "./problem.js";
import { type Json, list, obj } from "./rules/json.js";
import { checkGatewayRouteInMesh, checkRouteInMesh, type MeshView } from "./rules/mesh-view.js";
import { Findings } from "./rules/rule.js";

export interface DocumentProblem extends Problem {
  file: string;
  /** Which document of the file (0-based). */
  document: number;
  operation?: string;
}

interface Declared {
  kind: KindId;
  mesh: string;
  parent: string;
  name: string;
  spec: Json;
  doc: InputDocument;
}

export function validateDocuments(set: DocumentSet): DocumentProblem[] {
  const problems: DocumentProblem[] = set.problems.map((p) => ({
    file: p.file,
    document: p.index,
    path: "",
    message: p.message,
    severity: "error",
  }));
  const at = (doc: InputDocument, found: Problem[]) =>
    found.map((p) => ({ ...p, file: doc.file, document: doc.index, operation: doc.operation.cliName }));
  // Set-level checks need well-typed specs: every document that passed tier 1 takes part.
  const wellTyped: InputDocument[] = [];
  for (const doc of set.documents) {
    const check = checkInput(appmesh, doc.operation, doc.input);
    problems.push(...at(doc, [...check.client, ...check.service]));
    if (!check.client.length) wellTyped.push(doc);
  }
  const declared = declarations(wellTyped, (doc, found) => problems.push(...at(doc, found)));
  for (const resource of declared.values()) problems.push(...at(resource.doc, checkResource(resource, declared)));
  return problems;
}

const keyOf = (kind: KindId, mesh: string, parent: string, name: string) => `${kind}|${mesh}|${parent}|${name}`;

/** The resources the create and update documents declare, by kind, mesh, parent and name. */
function declarations(
  docs: InputDocument[],
  report: (doc: InputDocument, found: Problem[]) => void,
): Map<string, Declared> {
  const declared = new Map<string, Declared>();
  for (const doc of docs) {
    const parsed = parseOperationName(doc.operation.name);
    if (!parsed || (parsed.verb !== "Create" && parsed.verb !== "Update")) continue;
    const { kind } = parsed;
    const parentKind = kind.parent ? KINDS[kind.parent] : undefined;
    const resource: Declared = {
      kind: kind.id,
      mesh: String(doc.input.meshName),
      parent: parentKind ? String(doc.input[parentKind.nameMember]) : "",
      name: String(doc.input[kind.nameMember]),
      spec: obj(doc.input.spec) ?? {},
      doc,
    };
    const key = keyOf(resource.kind, resource.mesh, resource.parent, resource.name);
    const earlier = declared.get(key);
    if (earlier && parsed.verb === "Create" && earlier.doc.operation.name.startsWith("Create")) {
      const where = `${earlier.doc.file}${earlier.doc.index ? `#${earlier.doc.index}` : ""}`;
      report(doc, [
        {
          path: kind.nameMember,
          message: `${kind.label} ${resource.name} is already declared in ${where}`,
          severity: "error",
        },
      ]);
      continue;
    }
    declared.set(key, resource);
  }
  return declared;
}

function viewOf(declared: Map<string, Declared>, mesh: string): MeshView {
  const spec = (kind: KindId) => (name: string) => declared.get(keyOf(kind, mesh, "", name))?.spec;
  return {
    virtualNode: spec("virtualNode"),
    virtualRouter: spec("virtualRouter"),
    virtualService: spec("virtualService"),
    virtualGateway: spec("virtualGateway"),
  };
}

function checkResource(resource: Declared, declared: Map<string, Declared>): Problem[] {
  const findings = new Findings();
  const view = viewOf(declared, resource.mesh);
  const exists = (kind: KindId, name: string) => declared.has(keyOf(kind, resource.mesh, "", name));
  for (const ref of referencesOf(resource.kind, resource.spec)) {
    if (!exists(ref.kind, ref.name)) {
      findings.error(ref.path, `${KINDS[ref.kind].label} ${ref.name} is not declared in mesh ${resource.mesh}`);
    }
  }
  switch (resource.kind) {
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
      const routes = [...declared.values()].some(
        (r) => r.kind === "route" && r.mesh === resource.mesh && r.parent === resource.name,
      );
      if (!routes)
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
