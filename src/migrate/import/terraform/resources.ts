/**
 * Terraform's `aws_appmesh_*` and `aws_service_discovery_*` resources as `mesh validate` documents. The
 * provider's attributes map onto the API input (`mesh_name` → meshName, `name` → the kind's name
 * member); `spec` blocks convert through the model (blocks are lists of one object, list members are
 * singular). The provider records unset attributes as "", 0 (priorities, ports, pending requests), false
 * (`invert`) and its default `enforce = true`: those mean "not set" and are left out, as the provider
 * leaves them out of its API calls.
 */
import { appmesh } from "../../../model/generated/appmesh.js";
import { servicediscovery } from "../../../model/generated/servicediscovery.js";
import type { ServiceModel } from "../../../model/types.js";
import { convert } from "../convert.js";
import type { ImportResult } from "../imported.js";
import type { TerraformResources } from "./state.js";

interface Mapping {
  model: ServiceModel;
  operation: string;
  /** The input member Terraform's `name` is. */
  name: string;
  /** The other attributes that are operation input (named as the model does, in snake case). */
  attributes: string[];
}

const IN_MESH = ["mesh_name", "mesh_owner", "spec", "tags"];
const appMesh = (operation: string, name: string, ...attributes: string[]): Mapping => ({
  model: appmesh,
  operation,
  name,
  attributes: [...IN_MESH, ...attributes],
});
const cloudMap = (operation: string, ...attributes: string[]): Mapping => ({
  model: servicediscovery,
  operation,
  name: "Name",
  attributes: ["description", "tags", ...attributes],
});

const MAPPINGS: Record<string, Mapping> = {
  aws_appmesh_mesh: { model: appmesh, operation: "create-mesh", name: "meshName", attributes: ["spec", "tags"] },
  aws_appmesh_virtual_node: appMesh("create-virtual-node", "virtualNodeName"),
  aws_appmesh_virtual_router: appMesh("create-virtual-router", "virtualRouterName"),
  aws_appmesh_route: appMesh("create-route", "routeName", "virtual_router_name"),
  aws_appmesh_virtual_service: appMesh("create-virtual-service", "virtualServiceName"),
  aws_appmesh_virtual_gateway: appMesh("create-virtual-gateway", "virtualGatewayName"),
  aws_appmesh_gateway_route: appMesh("create-gateway-route", "gatewayRouteName", "virtual_gateway_name"),
  aws_service_discovery_http_namespace: cloudMap("create-http-namespace"),
  aws_service_discovery_private_dns_namespace: cloudMap("create-private-dns-namespace", "vpc"),
  aws_service_discovery_public_dns_namespace: cloudMap("create-public-dns-namespace"),
  aws_service_discovery_service: cloudMap(
    "create-service",
    "namespace_id",
    "dns_config",
    "health_check_config",
    "health_check_custom_config",
    "type",
  ),
};

const ZERO_MEANS_UNSET = new Set(["priority", "port", "maxPendingRequests", "failureThreshold"]);

function unset(member: string, value: unknown): boolean {
  return (
    value === "" ||
    (value === 0 && ZERO_MEANS_UNSET.has(member)) ||
    (value === false && member === "invert") ||
    (value === true && member === "enforce")
  );
}

export function importTerraform({ resources, unknown }: TerraformResources): ImportResult {
  const result: ImportResult = { documents: [], problems: [], skipped: [] };
  const unknownAt = new Set(unknown.map((u) => u.address));
  for (const { address, path } of unknown) {
    result.problems.push({ resource: address, path, message: "known only after apply" });
  }
  // Documents name a Cloud Map namespace by its name where Terraform holds its id.
  const namespaces = new Map(
    resources
      .filter((r) => /^aws_service_discovery_.*namespace$/.test(r.type))
      .map((r) => [r.values.id, r.values.name]),
  );
  for (const { address, type, values } of resources) {
    const mapping = MAPPINGS[type];
    if (!mapping) {
      result.skipped.push(`${address}`);
      continue;
    }
    if (unknownAt.has(address)) continue;
    const input: Record<string, unknown> = { [mapping.name]: values.name };
    for (const attribute of mapping.attributes) {
      if (values[attribute] !== undefined && values[attribute] !== null) input[attribute] = values[attribute];
    }
    // The provider records its own account as mesh_owner, and the service type it got back (DNS_HTTP):
    // only another account's mesh, and an HTTP-only service, are inputs.
    if (values.mesh_owner === values.resource_owner) delete input.mesh_owner;
    if (type === "aws_service_discovery_service") {
      useNamespaceName(input, namespaces);
      if (input.type !== "HTTP") delete input.type;
    }
    const op = mapping.model.operations.find((o) => o.cliName === mapping.operation);
    const converted = convert(
      mapping.model,
      op?.input?.shape ?? "",
      input,
      { sourcePath: "", inputPath: "" },
      { blocks: true, unset },
    );
    converted.paths.set(mapping.name, "name");
    if (converted.problems.length) {
      result.problems.push(...converted.problems.map((problem) => ({ resource: address, ...problem })));
      continue;
    }
    const operation = mapping.model === appmesh ? mapping.operation : `servicediscovery ${mapping.operation}`;
    const document = converted.value as Record<string, unknown>;
    if (mapping.model === appmesh && document.spec === undefined) document.spec = {};
    result.documents.push({ operation, input: document, resource: address, paths: converted.paths });
  }
  return result;
}

function useNamespaceName(input: Record<string, unknown>, namespaces: Map<unknown, unknown>): void {
  const dns = (input.dns_config as Record<string, unknown>[] | undefined)?.[0];
  const id = input.namespace_id || dns?.namespace_id;
  if (dns) delete dns.namespace_id;
  if (id) input.namespace_id = namespaces.get(id) ?? id;
}
