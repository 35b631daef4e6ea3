/**
 * The export targets, one row each: what `mesh export --to` accepts. A new target is one more row here
 * and its exporter in exporters.ts (see export-target.ts). This table is all the CLI's own bundle holds
 * of exports; the exporters are in the migration bundle, loaded when a target is asked for.
 */
import type { ExportTarget } from "./export-target.js";

export const EXPORT_TARGETS = [
  { name: "envoy", summary: "Envoy: a static bootstrap per virtual node and gateway, as App Mesh's Envoy ran them" },
  { name: "istio", summary: "Istio: VirtualService, DestinationRule, ServiceEntry, Gateway, PeerAuthentication" },
  { name: "gateway-api", summary: "Gateway API: HTTPRoute, GRPCRoute, TCPRoute (mesh and gateway), Gateway" },
  { name: "service-connect", summary: "ECS Service Connect, as a CloudFormation template" },
  {
    name: "lattice",
    summary: "Amazon VPC Lattice services, listeners, rules and target groups, as a CloudFormation template",
  },
] as const satisfies readonly ExportTarget[];

export type TargetName = (typeof EXPORT_TARGETS)[number]["name"];

export function exportTarget(name: string): (typeof EXPORT_TARGETS)[number] | undefined {
  return EXPORT_TARGETS.find((target) => target.name === name);
}
