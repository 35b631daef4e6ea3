/**
 * The seven App Mesh resource kinds: how each is named, nested, listed and identified. The operation
 * names (`CreateVirtualNode`, `ListVirtualNodes`) map onto these rows, so one generic handler serves
 * every kind, and the validators and the graph find resources the same way.
 */

export type KindId =
  | "mesh"
  | "virtualService"
  | "virtualNode"
  | "virtualRouter"
  | "route"
  | "virtualGateway"
  | "gatewayRoute";

export interface Kind {
  id: KindId;
  /** The PascalCase name used in operation names and messages (`VirtualNode`). */
  label: string;
  /** The plural used in List operation names (`ListVirtualNodes`). */
  plural: string;
  /** The input member that names the resource. */
  nameMember: string;
  /** The kind this one lives in, below the mesh (routes live in a router, gateway routes in a gateway). */
  parent: "virtualRouter" | "virtualGateway" | null;
}

export const KINDS: Record<KindId, Kind> = {
  mesh: {
    id: "mesh",
    label: "Mesh",
    plural: "Meshes",
    nameMember: "meshName",
    parent: null,
  },
  virtualService: {
    id: "virtualService",
    label: "VirtualService",
    plural: "VirtualServices",
    nameMember: "virtualServiceName",
    parent: null,
  },
  virtualNode: {
    id: "virtualNode",
    label: "VirtualNode",
    plural: "VirtualNodes",
    nameMember: "virtualNodeName",
    parent: null,
  },
  virtualRouter: {
    id: "virtualRouter",
    label: "VirtualRouter",
    plural: "VirtualRouters",
    nameMember: "virtualRouterName",
    parent: null,
  },
  route: {
    id: "route",
    label: "Route",
    plural: "Routes",
    nameMember: "routeName",
    parent: "virtualRouter",
  },
  virtualGateway: {
    id: "virtualGateway",
    label: "VirtualGateway",
    plural: "VirtualGateways",
    nameMember: "virtualGatewayName",
    parent: null,
  },
  gatewayRoute: {
    id: "gatewayRoute",
    label: "GatewayRoute",
    plural: "GatewayRoutes",
    nameMember: "gatewayRouteName",
    parent: "virtualGateway",
  },
};

export type Verb = "Create" | "Describe" | "Update" | "Delete" | "List";

/** `CreateVirtualNode` → Create + virtualNode; `ListMeshes` → List + mesh; anything else → undefined. */
export function parseOperationName(name: string): { verb: Verb; kind: Kind } | undefined {
  const match = /^(Create|Describe|Update|Delete|List)(\w+)$/.exec(name);
  if (!match) return undefined;
  const verb = match[1] as Verb;
  const noun = match[2];
  const kind = Object.values(KINDS).find((k) => (verb === "List" ? k.plural : k.label) === noun);
  return kind && { verb, kind };
}

/** `arn:aws:appmesh:{region}:{owner}:mesh/{mesh}[/{parentKind}/{parent}][/{kind}/{name}]` */
export function arnOf(region: string, owner: string, kind: Kind, mesh: string, parent: string, name: string): string {
  const path = [`mesh/${mesh}`];
  if (kind.parent) path.push(`${kind.parent}/${parent}`);
  if (kind.id !== "mesh") path.push(`${kind.id}/${name}`);
  return `arn:aws:appmesh:${region}:${owner}:${path.join("/")}`;
}
