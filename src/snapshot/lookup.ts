/** Resources of a snapshot by name, indexed once: what translation and checks across resources look up. */
import type {
  GatewayRouteSpec,
  RouteSpec,
  VirtualGatewaySpec,
  VirtualNodeSpec,
  VirtualRouterSpec,
  VirtualServiceSpec,
} from "@aws-sdk/client-app-mesh";
import type { ChildResource, MeshSnapshot, Resource } from "./snapshot.js";

export class SnapshotLookup {
  readonly virtualNodes: ReadonlyMap<string, Resource<VirtualNodeSpec>>;
  readonly virtualRouters: ReadonlyMap<string, Resource<VirtualRouterSpec>>;
  readonly virtualServices: ReadonlyMap<string, Resource<VirtualServiceSpec>>;
  readonly virtualGateways: ReadonlyMap<string, Resource<VirtualGatewaySpec>>;
  private readonly routes = new Map<string, ChildResource<RouteSpec>[]>();
  private readonly gatewayRoutes = new Map<string, ChildResource<GatewayRouteSpec>[]>();

  constructor(readonly snapshot: MeshSnapshot) {
    this.virtualNodes = byName(snapshot.virtualNodes);
    this.virtualRouters = byName(snapshot.virtualRouters);
    this.virtualServices = byName(snapshot.virtualServices);
    this.virtualGateways = byName(snapshot.virtualGateways);
    for (const route of snapshot.routes) push(this.routes, route.parent, route);
    for (const route of snapshot.gatewayRoutes) push(this.gatewayRoutes, route.parent, route);
  }

  /** The routes of a virtual router, in snapshot order. */
  routesOf(router: string): readonly ChildResource<RouteSpec>[] {
    return this.routes.get(router) ?? [];
  }

  /** The gateway routes of a virtual gateway, in snapshot order. */
  gatewayRoutesOf(gateway: string): readonly ChildResource<GatewayRouteSpec>[] {
    return this.gatewayRoutes.get(gateway) ?? [];
  }
}

function byName<T extends { name: string }>(resources: T[]): Map<string, T> {
  return new Map(resources.map((resource) => [resource.name, resource]));
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
