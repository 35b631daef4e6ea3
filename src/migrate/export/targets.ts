/**
 * The export targets, one row each: what `mesh export --to` accepts. A new target is one more row here
 * and one exporter function (see export-target.ts).
 */
import type { ExportTarget } from "./export-target.js";

export const EXPORT_TARGETS: ExportTarget[] = [
  {
    name: "envoy",
    summary: "Envoy: a static bootstrap per virtual node and gateway, as App Mesh's Envoy ran them",
    load: async () => (await import("./envoy/export.js")).exportEnvoy,
  },
  {
    name: "istio",
    summary: "Istio: VirtualService, DestinationRule, ServiceEntry, Gateway, PeerAuthentication",
    load: async () => (await import("./istio/export.js")).exportIstio,
  },
  {
    name: "gateway-api",
    summary: "Gateway API: HTTPRoute, GRPCRoute, TCPRoute (mesh and gateway), Gateway",
    load: async () => (await import("./gateway-api/export.js")).exportGatewayApi,
  },
  {
    name: "service-connect",
    summary: "ECS Service Connect, as a CloudFormation template",
    load: async () => (await import("./service-connect/export.js")).exportServiceConnect,
  },
  {
    name: "lattice",
    summary: "Amazon VPC Lattice services, listeners, rules and target groups, as a CloudFormation template",
    load: async () => (await import("./lattice/export.js")).exportLattice,
  },
];

export function exportTarget(name: string): ExportTarget | undefined {
  return EXPORT_TARGETS.find((target) => target.name === name);
}
