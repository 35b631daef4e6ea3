/** Mesh snapshots for data-plane tests, written as compactly as the specs allow. */
import type {
  MeshSpec,
  PortProtocol,
  RouteSpec,
  VirtualNodeSpec,
  VirtualRouterSpec,
  VirtualServiceSpec,
} from "@aws-sdk/client-app-mesh";
import { emptySnapshot, type MeshSnapshot } from "../../src/snapshot/snapshot.js";

export const listener = (port: number, protocol: PortProtocol = "http") => ({ portMapping: { port, protocol } });
export const backend = (name: string) => ({ virtualService: { virtualServiceName: name } });
export const byRouter = (router: string): VirtualServiceSpec => ({
  provider: { virtualRouter: { virtualRouterName: router } },
});
export const byNode = (node: string): VirtualServiceSpec => ({ provider: { virtualNode: { virtualNodeName: node } } });

export interface MeshParts {
  spec?: MeshSpec;
  nodes?: Record<string, VirtualNodeSpec>;
  routers?: Record<string, VirtualRouterSpec>;
  /** By router, then by route name. */
  routes?: Record<string, Record<string, RouteSpec>>;
  services?: Record<string, VirtualServiceSpec>;
  revision?: string;
}

export function meshOf(name: string, parts: MeshParts): MeshSnapshot {
  const snapshot = emptySnapshot(name, parts.spec ?? {});
  snapshot.revision = parts.revision ?? "1";
  snapshot.virtualNodes = Object.entries(parts.nodes ?? {}).map(([n, spec]) => ({ name: n, spec }));
  snapshot.virtualRouters = Object.entries(parts.routers ?? {}).map(([n, spec]) => ({ name: n, spec }));
  snapshot.virtualServices = Object.entries(parts.services ?? {}).map(([n, spec]) => ({ name: n, spec }));
  snapshot.routes = Object.entries(parts.routes ?? {}).flatMap(([parent, routes]) =>
    Object.entries(routes).map(([n, spec]) => ({ name: n, parent, spec })),
  );
  return snapshot;
}

/** An HTTP route to weighted nodes, with extra match conditions. */
export function httpRoute(
  targets: Record<string, number>,
  match: Record<string, unknown> = {},
  extra: Partial<RouteSpec> = {},
): RouteSpec {
  return {
    ...extra,
    httpRoute: {
      match: { prefix: "/", ...match },
      action: { weightedTargets: Object.entries(targets).map(([virtualNode, weight]) => ({ virtualNode, weight })) },
    },
  } as RouteSpec;
}

/** The colors mesh of the README: a caller, two versions behind a router, a header rule and a 90/10 split. */
export function colors(
  weights: Record<string, number> = { "colors-v1": 90, "colors-v2": 10 },
  spec: MeshSpec = {},
): MeshSnapshot {
  return meshOf("colors", {
    spec,
    nodes: {
      caller: { backends: [backend("colors.local")] },
      "colors-v1": { listeners: [listener(8080)], serviceDiscovery: { dns: { hostname: "v1.colors.local" } } },
      "colors-v2": { listeners: [listener(8080)], serviceDiscovery: { dns: { hostname: "v2.colors.local" } } },
    },
    routers: { "colors-router": { listeners: [listener(8080)] } },
    routes: {
      "colors-router": {
        canary: httpRoute(weights, {}, { priority: 10 }),
        beta: httpRoute(
          { "colors-v2": 100 },
          { headers: [{ name: "x-beta-user", match: { exact: "true" } }] },
          { priority: 1 },
        ),
      },
    },
    services: { "colors.local": byRouter("colors-router") },
  });
}
