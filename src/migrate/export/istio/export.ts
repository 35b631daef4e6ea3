/**
 * `mesh export --to istio`: the mesh as Istio configuration (networking.istio.io/v1,
 * security.istio.io/v1):
 *
 * - a VirtualService per virtual service (hosts: its name), its routes in App Mesh's order;
 * - a Gateway and a VirtualService per virtual gateway, the gateway routes composed with the routes of
 *   the services they target (see rules.ts), since Istio routes a gateway's request in one step;
 * - a DestinationRule per host of virtual nodes (connection pools, outlier detection, mutual TLS; a
 *   subset per node when nodes share a host, labelled by their Cloud Map attributes), annotated with
 *   the virtual node(s) it stands for, so a decision can be traced back to them;
 * - a ServiceEntry for each host outside the cluster's own Services (virtual service names, DNS and
 *   Cloud Map hosts of nodes);
 * - a PeerAuthentication per virtual node whose listener sets a TLS mode.
 */
import type { VirtualGatewaySpec, VirtualNodeSpec } from "@aws-sdk/client-app-mesh";
import type { MeshSnapshot, Resource } from "../../../snapshot/snapshot.js";
import type { ExportOptions, ExportResult } from "../export-target.js";
import { Ledger, resourceName } from "../ledger.js";
import { hostOf, kubernetesService, labelName, objectName } from "../names.js";
import { scopesOf } from "../rules.js";
import { inNameOrder } from "../snapshot-order.js";
import { gatewayObject } from "./gateway.js";
import { destinationRules, peerAuthentications } from "./policies.js";
import { type Destination, httpRoute, type Json, tcpRoute } from "./routes.js";

const NETWORKING = "networking.istio.io/v1";

export function exportIstio(source: MeshSnapshot, options: ExportOptions): ExportResult {
  const snapshot = inNameOrder(source);
  const ledger = new Ledger(snapshot);
  const meta = (name: string, annotations?: Record<string, string>) => ({
    name: objectName(name),
    namespace: options.namespace,
    ...(annotations ? { annotations } : {}),
  });
  const hosts = hostsOfNodes(snapshot.virtualNodes, ledger);
  const destination: Destination = (node) => hosts.get(node) ?? { host: objectName(node) };
  meshWide(snapshot, ledger);

  const virtualServices = scopesOf(snapshot, ledger).map((scope) => {
    const http = scope.rules.filter((r) => r.protocol !== "tcp").map((r) => httpRoute(r, destination, ledger));
    const tcp = scope.rules.filter((r) => r.protocol === "tcp").map((r) => tcpRoute(r, destination, ledger));
    const spec: Json =
      scope.kind === "virtualService"
        ? { hosts: [scope.name] }
        : { hosts: ["*"], gateways: [`${options.namespace}/${objectName(scope.name)}`] };
    if (http.length) spec.http = http;
    if (tcp.length) spec.tcp = tcp;
    const name = scope.kind === "virtualService" ? scope.name : `${scope.name}-routes`;
    return { apiVersion: NETWORKING, kind: "VirtualService", metadata: meta(name), spec };
  });

  const serviceEntries = externalHosts(snapshot, hosts).map(({ host, ports }) => ({
    apiVersion: NETWORKING,
    kind: "ServiceEntry",
    metadata: meta(`${host}-entry`),
    spec: { hosts: [host], location: "MESH_INTERNAL", resolution: "DNS", ports },
  }));
  const gateways = snapshot.virtualGateways.map((gateway) =>
    gatewayObject(gateway as Resource<VirtualGatewaySpec>, meta(gateway.name), ledger),
  );
  const objects = [
    ...serviceEntries,
    ...destinationRules(snapshot, hosts, ledger).map(({ name, annotations, spec }) => ({
      apiVersion: NETWORKING,
      kind: "DestinationRule",
      metadata: meta(name, annotations),
      spec,
    })),
    ...peerAuthentications(snapshot, ledger).map(({ name, spec }) => ({
      apiVersion: "security.istio.io/v1",
      kind: "PeerAuthentication",
      metadata: meta(name),
      spec,
    })),
    ...gateways,
    ...virtualServices,
  ];
  return { files: [{ name: "istio.yaml", documents: objects }], gaps: ledger.gaps() };
}

/** Each virtual node's host, and a subset when several nodes share one (Cloud Map attributes tell them apart). */
function hostsOfNodes(
  nodes: Resource<VirtualNodeSpec>[],
  ledger: Ledger,
): Map<string, { host: string; subset?: string }> {
  const byHost = new Map<string, string[]>();
  for (const node of nodes) {
    const host = hostOf(node.spec) ?? objectName(node.name);
    byHost.set(host, [...(byHost.get(host) ?? []), node.name]);
    const at = resourceName("virtualNode", node.name);
    ledger.expressed(at, "spec.serviceDiscovery.dns.hostname");
    ledger.expressed(at, "spec.serviceDiscovery.awsCloudMap.namespaceName");
    ledger.expressed(at, "spec.serviceDiscovery.awsCloudMap.serviceName");
    if (node.spec.serviceDiscovery?.awsCloudMap) {
      ledger.gap(
        at,
        "spec.serviceDiscovery.awsCloudMap.attributes",
        "Cloud Map instances filtered by attributes",
        "a DestinationRule subset labelled with the attributes: the workloads' pods must carry them as labels",
      );
    }
    for (const key of ["ipPreference", "responseType"]) {
      for (const kind of ["dns", "awsCloudMap"]) {
        if ((node.spec.serviceDiscovery as Record<string, Record<string, unknown>> | undefined)?.[kind]?.[key]) {
          ledger.gap(
            at,
            `spec.serviceDiscovery.${kind}.${key}`,
            `service discovery ${key}`,
            "not exported: Istio resolves endpoints its own way",
          );
        }
      }
    }
  }
  const hosts = new Map<string, { host: string; subset?: string }>();
  for (const [host, names] of byHost) {
    for (const name of names) hosts.set(name, names.length > 1 ? { host, subset: labelName(name) } : { host });
  }
  return hosts;
}

/** Hosts Istio's registry does not hold already: virtual service names and node hosts outside the cluster's Services. */
function externalHosts(
  snapshot: MeshSnapshot,
  hosts: Map<string, { host: string }>,
): { host: string; ports: Json[] }[] {
  const ports = new Map<string, Map<number, string>>();
  const add = (host: string, listeners: { portMapping?: { port?: number; protocol?: string } }[] | undefined) => {
    if (kubernetesService(host)) return;
    const known = ports.get(host) ?? new Map<number, string>();
    for (const l of listeners ?? []) known.set(l.portMapping?.port ?? 0, l.portMapping?.protocol ?? "http");
    ports.set(host, known);
  };
  for (const node of snapshot.virtualNodes) add(hosts.get(node.name)?.host ?? "", node.spec.listeners);
  const routers = new Map(snapshot.virtualRouters.map((r) => [r.name, r.spec.listeners]));
  const nodes = new Map(snapshot.virtualNodes.map((n) => [n.name, n.spec.listeners]));
  for (const service of snapshot.virtualServices) {
    const provider = service.spec.provider;
    const listeners = provider?.virtualRouter
      ? routers.get(provider.virtualRouter.virtualRouterName ?? "")
      : nodes.get(provider?.virtualNode?.virtualNodeName ?? "");
    add(service.name, listeners);
  }
  return [...ports].map(([host, known]) => ({
    host,
    ports: [...known].map(([number, protocol]) => ({
      number,
      name: `${protocol}-${number}`,
      protocol: protocol.toUpperCase(),
    })),
  }));
}

/** The mesh's own settings, which Istio sets at install time, not in its configuration objects. */
function meshWide(snapshot: MeshSnapshot, ledger: Ledger): void {
  const at = `Mesh ${snapshot.mesh}`;
  if (snapshot.meshSpec.egressFilter) {
    ledger.gap(
      at,
      "spec.egressFilter",
      "which destinations outside the mesh are allowed",
      "not exported: Istio's outboundTrafficPolicy (ALLOW_ANY / REGISTRY_ONLY) is an install-time mesh setting",
    );
  }
  if (snapshot.meshSpec.serviceDiscovery) {
    ledger.gap(at, "spec.serviceDiscovery", "the mesh's IP preference", "not exported");
  }
  for (const node of snapshot.virtualNodes) {
    const resource = resourceName("virtualNode", node.name);
    node.spec.backends?.forEach((_, i) => {
      ledger.gap(
        resource,
        `spec.backends[${i}].virtualService.virtualServiceName`,
        "the node may reach only its declared backends",
        "not exported: every workload may reach every host (a Sidecar resource's egress hosts would restrict it)",
      );
    });
    if (node.spec.logging) {
      ledger.gap(
        resource,
        "spec.logging",
        "the proxy's access log file",
        "not exported: Istio's access logs are set with a Telemetry resource",
      );
    }
    node.spec.listeners?.forEach((_, i) => {
      ledger.expressed(resource, `spec.listeners[${i}].portMapping`);
    });
  }
}
