/**
 * The references a spec makes to other resources of its mesh that must exist: a route's weighted
 * targets (virtual nodes), a virtual service's provider (node or router), a gateway route's target
 * (virtual service). A virtual node's backends are not among them: App Mesh lets a backend name a
 * virtual service that does not exist yet.
 */
import type { KindId } from "./resources.js";

export interface Reference {
  kind: KindId;
  name: string;
  /** Where the spec names it: `spec.httpRoute.action.weightedTargets[1].virtualNode`. */
  path: string;
}

type Json = Record<string, unknown>;

const ROUTE_TYPES = ["httpRoute", "http2Route", "grpcRoute", "tcpRoute"] as const;

function record(value: unknown): Json | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Json) : undefined;
}

function routeTargets(spec: Json): Reference[] {
  return ROUTE_TYPES.flatMap((type) => {
    const targets = record(record(spec[type])?.action)?.weightedTargets;
    if (!Array.isArray(targets)) return [];
    return targets.flatMap((target, i) => {
      const name = record(target)?.virtualNode;
      const path = `spec.${type}.action.weightedTargets[${i}].virtualNode`;
      return typeof name === "string" ? [{ kind: "virtualNode" as const, name, path }] : [];
    });
  });
}

function serviceProvider(spec: Json): Reference[] {
  const provider = record(spec.provider);
  const node = record(provider?.virtualNode)?.virtualNodeName;
  const router = record(provider?.virtualRouter)?.virtualRouterName;
  if (typeof node === "string")
    return [{ kind: "virtualNode", name: node, path: "spec.provider.virtualNode.virtualNodeName" }];
  if (typeof router === "string") {
    return [{ kind: "virtualRouter", name: router, path: "spec.provider.virtualRouter.virtualRouterName" }];
  }
  return [];
}

function gatewayRouteTarget(spec: Json): Reference[] {
  return ROUTE_TYPES.flatMap((type) => {
    const target = record(record(record(spec[type])?.action)?.target);
    const name = record(target?.virtualService)?.virtualServiceName;
    const path = `spec.${type}.action.target.virtualService.virtualServiceName`;
    return typeof name === "string" ? [{ kind: "virtualService" as const, name, path }] : [];
  });
}

export function referencesOf(kind: KindId, spec: Json): Reference[] {
  switch (kind) {
    case "route":
      return routeTargets(spec);
    case "virtualService":
      return serviceProvider(spec);
    case "gatewayRoute":
      return gatewayRouteTarget(spec);
    default:
      return [];
  }
}

export function refersTo(kind: KindId, spec: Json, target: { kind: KindId; name: string }): boolean {
  return referencesOf(kind, spec).some((ref) => ref.kind === target.kind && ref.name === target.name);
}
