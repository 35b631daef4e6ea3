/**
 * The references a spec makes to other resources of its mesh that must exist: a route's weighted
 * targets (virtual nodes), a virtual service's provider (node or router), a gateway route's target
 * (virtual service). A virtual node's backends are not among them: App Mesh lets a backend name a
 * virtual service that does not exist yet.
 */
import { type Json, obj, ROUTE_TYPES } from "./json.js";
import type { KindId } from "./resources.js";

export interface Reference {
  kind: KindId;
  name: string;
  /** Where the spec names it: `spec.httpRoute.action.weightedTargets[1].virtualNode`. */
  path: string;
}

const ROUTE_TYPE_NAMES = Object.keys(ROUTE_TYPES) as (keyof typeof ROUTE_TYPES)[];

function routeTargets(spec: Json): Reference[] {
  return ROUTE_TYPE_NAMES.flatMap((type) => {
    const targets = obj(obj(spec[type])?.action)?.weightedTargets;
    if (!Array.isArray(targets)) return [];
    return targets.flatMap((target, i) => {
      const name = obj(target)?.virtualNode;
      const path = `spec.${type}.action.weightedTargets[${i}].virtualNode`;
      return typeof name === "string" ? [{ kind: "virtualNode" as const, name, path }] : [];
    });
  });
}

function serviceProvider(spec: Json): Reference[] {
  const provider = obj(spec.provider);
  const node = obj(provider?.virtualNode)?.virtualNodeName;
  const router = obj(provider?.virtualRouter)?.virtualRouterName;
  if (typeof node === "string")
    return [{ kind: "virtualNode", name: node, path: "spec.provider.virtualNode.virtualNodeName" }];
  if (typeof router === "string") {
    return [{ kind: "virtualRouter", name: router, path: "spec.provider.virtualRouter.virtualRouterName" }];
  }
  return [];
}

function gatewayRouteTarget(spec: Json): Reference[] {
  return ROUTE_TYPE_NAMES.flatMap((type) => {
    const target = obj(obj(obj(spec[type])?.action)?.target);
    const name = obj(target?.virtualService)?.virtualServiceName;
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
