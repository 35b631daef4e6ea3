/**
 * The resources of one mesh, as both graph sources deliver them (a backend's describe calls, or a set of
 * input documents): names and specs only, in the SDK's spec shapes. Everything the graph shows is
 * derived from this, so the two sources draw the same picture of the same resources.
 */
import type {
  GatewayRouteSpec,
  RouteSpec,
  VirtualGatewaySpec,
  VirtualNodeSpec,
  VirtualRouterSpec,
  VirtualServiceSpec,
} from "@aws-sdk/client-app-mesh";

export interface Resource<Spec> {
  name: string;
  spec: Spec;
}

/** A route or gateway route: `parent` names its virtual router or virtual gateway. */
export interface ChildResource<Spec> extends Resource<Spec> {
  parent: string;
}

export interface MeshResources {
  mesh: string;
  virtualGateways: Resource<VirtualGatewaySpec>[];
  gatewayRoutes: ChildResource<GatewayRouteSpec>[];
  virtualServices: Resource<VirtualServiceSpec>[];
  virtualRouters: Resource<VirtualRouterSpec>[];
  routes: ChildResource<RouteSpec>[];
  virtualNodes: Resource<VirtualNodeSpec>[];
}

export function emptyResources(mesh: string): MeshResources {
  return {
    mesh,
    virtualGateways: [],
    gatewayRoutes: [],
    virtualServices: [],
    virtualRouters: [],
    routes: [],
    virtualNodes: [],
  };
}
