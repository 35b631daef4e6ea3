/**
 * A snapshot with every list in name order (routes by router, then name): the same mesh exports the
 * same files and gap report whichever source it was read from (a backend lists in its own order).
 */
import type { MeshSnapshot } from "../../snapshot/snapshot.js";

export function inNameOrder(snapshot: MeshSnapshot): MeshSnapshot {
  const key = (resource: { name: string; parent?: string }) => `${resource.parent ?? ""}\u0000${resource.name}`;
  const sorted = <T extends { name: string; parent?: string }>(list: T[]) =>
    [...list].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  return {
    ...snapshot,
    virtualGateways: sorted(snapshot.virtualGateways),
    gatewayRoutes: sorted(snapshot.gatewayRoutes),
    virtualServices: sorted(snapshot.virtualServices),
    virtualRouters: sorted(snapshot.virtualRouters),
    routes: sorted(snapshot.routes),
    virtualNodes: sorted(snapshot.virtualNodes),
  };
}
