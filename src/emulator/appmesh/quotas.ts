/** App Mesh's default service quotas (adjustable ones can be raised, as AWS let you). */
import type { KindId } from "../../model/resources.js";

export interface Quotas {
  meshesPerAccount: number;
  virtualServicesPerMesh: number;
  virtualNodesPerMesh: number;
  virtualRoutersPerMesh: number;
  routesPerVirtualRouter: number;
  virtualGatewaysPerMesh: number;
  gatewayRoutesPerVirtualGateway: number;
  tagsPerResource: number;
}

export const DEFAULT_QUOTAS: Quotas = {
  meshesPerAccount: 15,
  virtualServicesPerMesh: 200,
  virtualNodesPerMesh: 200,
  virtualRoutersPerMesh: 200,
  routesPerVirtualRouter: 50,
  virtualGatewaysPerMesh: 3,
  gatewayRoutesPerVirtualGateway: 10,
  tagsPerResource: 50,
};

/** The quota that caps each kind, counted per parent (per account for meshes). */
export const QUOTA_OF: Record<KindId, keyof Quotas> = {
  mesh: "meshesPerAccount",
  virtualService: "virtualServicesPerMesh",
  virtualNode: "virtualNodesPerMesh",
  virtualRouter: "virtualRoutersPerMesh",
  route: "routesPerVirtualRouter",
  virtualGateway: "virtualGatewaysPerMesh",
  gatewayRoute: "gatewayRoutesPerVirtualGateway",
};

/** Backends per virtual node: a quota AWS never let anyone raise, so mesh.json cannot either. */
export const BACKENDS_PER_VIRTUAL_NODE = 50;
