/**
 * A CloudFormation template (JSON or YAML) as `mesh validate` documents: each `AWS::AppMesh::*`
 * resource becomes its create-* document, each `AWS::ServiceDiscovery::*` namespace and service its
 * Cloud Map create-* document. Properties are resolved statically (see intrinsics.ts) and converted to
 * the API's shapes through the model. Resources of other types are left aside and listed; a resource
 * whose condition is false is left out.
 */
import { appmesh } from "../../../model/generated/appmesh.js";
import { servicediscovery } from "../../../model/generated/servicediscovery.js";
import type { ServiceModel } from "../../../model/types.js";
import { convert } from "../convert.js";
import type { ImportedDocument, ImportResult } from "../imported.js";
import { Intrinsics, type Template, Unresolved } from "./intrinsics.js";

const OPERATIONS: Record<string, { model: ServiceModel; operation: string }> = {
  "AWS::AppMesh::Mesh": { model: appmesh, operation: "create-mesh" },
  "AWS::AppMesh::VirtualNode": { model: appmesh, operation: "create-virtual-node" },
  "AWS::AppMesh::VirtualRouter": { model: appmesh, operation: "create-virtual-router" },
  "AWS::AppMesh::Route": { model: appmesh, operation: "create-route" },
  "AWS::AppMesh::VirtualService": { model: appmesh, operation: "create-virtual-service" },
  "AWS::AppMesh::VirtualGateway": { model: appmesh, operation: "create-virtual-gateway" },
  "AWS::AppMesh::GatewayRoute": { model: appmesh, operation: "create-gateway-route" },
  "AWS::ServiceDiscovery::HttpNamespace": { model: servicediscovery, operation: "create-http-namespace" },
  "AWS::ServiceDiscovery::PrivateDnsNamespace": { model: servicediscovery, operation: "create-private-dns-namespace" },
  "AWS::ServiceDiscovery::PublicDnsNamespace": { model: servicediscovery, operation: "create-public-dns-namespace" },
  "AWS::ServiceDiscovery::Service": { model: servicediscovery, operation: "create-service" },
};

export function isTemplate(value: unknown): boolean {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const resources = (value as Template).Resources;
  return typeof resources === "object" && resources !== null && Object.values(resources).some((r) => r?.Type);
}

export function importTemplate(template: Template, parameters: Record<string, string>): ImportResult {
  const result: ImportResult = { documents: [], problems: [], skipped: [] };
  const intrinsics = new Intrinsics(template, parameters);
  for (const [id, resource] of Object.entries(template.Resources ?? {})) {
    const resourceLabel = `Resources.${id}`;
    const type = String(resource?.Type);
    const target = OPERATIONS[type];
    if (!target) {
      result.skipped.push(`${resourceLabel} (${type})`);
      continue;
    }
    try {
      if (resource.Condition !== undefined && !intrinsics.condition(String(resource.Condition), "Condition")) continue;
      const properties = intrinsics.resolve(resource.Properties ?? {}, "Properties");
      const document = toDocument(target, properties as Record<string, unknown>, resourceLabel);
      if ("problems" in document) result.problems.push(...document.problems);
      else result.documents.push(document);
    } catch (error) {
      if (!(error instanceof Unresolved)) throw error;
      result.problems.push({
        resource: resourceLabel,
        path: error.path,
        message: `cannot be resolved statically: ${error.message}`,
      });
    }
  }
  return result;
}

function toDocument(
  target: { model: ServiceModel; operation: string },
  properties: Record<string, unknown>,
  resource: string,
): ImportedDocument | { problems: ImportResult["problems"] } {
  const { model, operation } = target;
  const op = model.operations.find((o) => o.cliName === operation);
  const shape = op?.input?.shape ?? "";
  if (operation === "create-service") moveDeprecatedNamespaceId(properties);
  const converted = convert(model, shape, properties, { sourcePath: "Properties", inputPath: "" });
  if (converted.problems.length) {
    return { problems: converted.problems.map((problem) => ({ resource, ...problem })) };
  }
  const label = model === appmesh ? operation : `servicediscovery ${operation}`;
  return { operation: label, input: converted.value as Record<string, unknown>, resource, paths: converted.paths };
}

/** A service may name its namespace in DnsConfig (deprecated there); documents name it at the top. */
function moveDeprecatedNamespaceId(properties: Record<string, unknown>): void {
  const dns = properties.DnsConfig as Record<string, unknown> | undefined;
  if (dns?.NamespaceId === undefined) return;
  properties.NamespaceId ??= dns.NamespaceId;
  delete dns.NamespaceId;
}
