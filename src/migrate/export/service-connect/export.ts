/**
 * `mesh export --to service-connect`: the mesh as ECS Service Connect, a CloudFormation template: one
 * HTTP Cloud Map namespace for the mesh, and for each virtual node an ECS service (its cluster and task
 * definition are parameters) with Service Connect on. A node serves each virtual service it provides as
 * a client alias (the service's name and port); every node is a client of the namespace.
 *
 * Service Connect has no routing: one client alias is served by one ECS service. A virtual service
 * behind a router goes to the target with the largest share of its first route, and everything the
 * routes say (matches, weights, retries, timeouts) is a gap; so are gateways (Service Connect has no
 * ingress), outlier detection, pools, health checks and TLS other than AWS Private CA.
 */
import type { RouteSpec, VirtualNodeSpec } from "@aws-sdk/client-app-mesh";
import { SnapshotLookup } from "../../../snapshot/lookup.js";
import { appMeshOrder } from "../../../snapshot/route-order.js";
import type { MeshSnapshot, Resource } from "../../../snapshot/snapshot.js";
import { getAtt, logicalId, ref, template } from "../cloudformation.js";
import type { ExportOptions, ExportResult } from "../export-target.js";
import { Ledger, resourceName } from "../ledger.js";
import { labelName } from "../names.js";
import { inNameOrder } from "../snapshot-order.js";

interface Alias {
  service: string;
  port: number;
  protocol: string;
}

export function exportServiceConnect(source: MeshSnapshot, _options: ExportOptions): ExportResult {
  const snapshot = inNameOrder(source);
  const ledger = new Ledger(snapshot);
  const lookup = new SnapshotLookup(snapshot);
  const out = template(`ECS Service Connect for the App Mesh mesh ${snapshot.mesh} (mesh export)`);
  const ids = new Set<string>();
  out.Parameters.ClusterName = { Type: "String", Description: "The ECS cluster the services run in" };
  const namespace = logicalId("Namespace", snapshot.mesh, ids);
  out.Resources[namespace] = { Type: "AWS::ServiceDiscovery::HttpNamespace", Properties: { Name: snapshot.mesh } };

  const aliases = new Map<string, Alias[]>();
  for (const service of snapshot.virtualServices) {
    const chosen = servingNode(lookup, service.name, ledger);
    if (chosen)
      aliases.set(chosen.node, [
        ...(aliases.get(chosen.node) ?? []),
        { service: service.name, port: chosen.port, protocol: chosen.protocol },
      ]);
  }
  for (const node of snapshot.virtualNodes) {
    const id = logicalId("Service", node.name, ids);
    const taskDefinition = `${id}TaskDefinition`;
    out.Parameters[taskDefinition] = {
      Type: "String",
      Description: `The task definition of virtual node ${node.name}; its container port mappings are named as PortName says`,
    };
    const services = (aliases.get(node.name) ?? []).map((alias) => serviceConnectService(node, alias, ledger));
    out.Resources[id] = {
      Type: "AWS::ECS::Service",
      Properties: {
        Cluster: ref("ClusterName"),
        TaskDefinition: ref(taskDefinition),
        ServiceConnectConfiguration: {
          Enabled: true,
          Namespace: getAtt(namespace, "Arn"),
          ...(services.length ? { Services: services } : {}),
        },
      },
    };
    nodeGaps(node, ledger);
  }
  for (const gateway of snapshot.virtualGateways) {
    ledger.gap(
      resourceName("virtualGateway", gateway.name),
      "spec",
      "an ingress gateway into the mesh",
      "not exported: Service Connect has no gateway; put a load balancer in front of the services",
    );
  }
  for (const route of snapshot.gatewayRoutes) {
    ledger.gap(
      resourceName("gatewayRoute", route.name, route.parent),
      "spec",
      "a gateway route",
      "not exported (no gateway)",
    );
  }
  if (snapshot.meshSpec.egressFilter) {
    ledger.gap(
      `Mesh ${snapshot.mesh}`,
      "spec.egressFilter",
      "which destinations outside the mesh are allowed",
      "not exported: tasks reach what their security groups allow",
    );
  }
  if (snapshot.meshSpec.serviceDiscovery)
    ledger.gap(`Mesh ${snapshot.mesh}`, "spec.serviceDiscovery", "the mesh's IP preference", "not exported");
  return { files: [{ name: "service-connect.template.yaml", documents: [out] }], gaps: ledger.gaps() };
}

/** The node that serves a virtual service, on which port: its provider, or the first route's largest target. */
function servingNode(
  lookup: SnapshotLookup,
  name: string,
  ledger: Ledger,
): { node: string; port: number; protocol: string } | undefined {
  const at = resourceName("virtualService", name);
  const provider = lookup.virtualServices.get(name)?.spec.provider;
  ledger.expressed(at, "spec.provider");
  const listenerOf = (node: string, port?: number) => {
    const listeners = lookup.virtualNodes.get(node)?.spec.listeners ?? [];
    const listener = listeners.find((l) => port === undefined || l.portMapping?.port === port) ?? listeners[0];
    return { port: listener?.portMapping?.port ?? 0, protocol: listener?.portMapping?.protocol ?? "http" };
  };
  if (provider?.virtualNode?.virtualNodeName) {
    return { node: provider.virtualNode.virtualNodeName, ...listenerOf(provider.virtualNode.virtualNodeName) };
  }
  const router = provider?.virtualRouter?.virtualRouterName ?? "";
  ledger.expressed(resourceName("virtualRouter", router), "spec.listeners");
  // The route that takes what no other does (no condition but the prefix /) says where most requests go.
  const ordered = appMeshOrder(lookup.routesOf(router));
  const catchAll = ordered.find((route) => {
    const match = (route.spec.httpRoute ?? route.spec.http2Route)?.match;
    return (
      route.spec.tcpRoute !== undefined ||
      (match !== undefined && match.prefix === "/" && Object.keys(match).length === 1)
    );
  });
  const routes = catchAll ? [catchAll, ...ordered.filter((route) => route !== catchAll)] : ordered;
  let chosen: { node: string; port: number; protocol: string } | undefined;
  for (const route of routes) {
    const spec = route.spec as RouteSpec;
    const type = (["httpRoute", "http2Route", "grpcRoute", "tcpRoute"] as const).find((t) => spec[t]) ?? "httpRoute";
    const targets = spec[type]?.action?.weightedTargets ?? [];
    const largest = [...targets].sort((a, b) => (b.weight ?? 0) - (a.weight ?? 0))[0];
    const routeAt = resourceName("route", route.name, route.parent);
    if (!chosen && largest?.virtualNode) {
      chosen = { node: largest.virtualNode, ...listenerOf(largest.virtualNode, largest.port) };
      ledger.gap(
        routeAt,
        `spec.${type}`,
        "routing by match, weights, retries and timeouts",
        `every request to ${name} goes to ${largest.virtualNode} (the largest share of this route)`,
      );
    } else {
      ledger.gap(
        routeAt,
        `spec.${type}`,
        "another route of the router",
        `not exported: ${name} goes to ${chosen?.node ?? "nothing"}`,
      );
    }
    ledger.expressed(routeAt, "spec.priority");
  }
  return chosen;
}

function serviceConnectService(node: Resource<VirtualNodeSpec>, alias: Alias, ledger: Ledger): Record<string, unknown> {
  const at = resourceName("virtualNode", node.name);
  const index = (node.spec.listeners ?? []).findIndex((l) => l.portMapping?.port === alias.port);
  const listener = node.spec.listeners?.[index];
  const service: Record<string, unknown> = {
    PortName: `${alias.protocol}-${alias.port}`,
    DiscoveryName: labelName(alias.service).slice(0, 64),
    ClientAliases: [{ DnsName: alias.service, Port: alias.port }],
  };
  if (index >= 0) ledger.expressed(at, `spec.listeners[${index}].portMapping`);
  const timeout = listener?.timeout;
  const protocolTimeout = timeout?.http ?? timeout?.http2 ?? timeout?.grpc;
  const toSeconds = (d?: { unit?: string; value?: number }) =>
    d?.value === undefined ? undefined : Math.round(d.unit === "ms" ? d.value / 1000 : d.value);
  const perRequest = toSeconds(protocolTimeout?.perRequest);
  const idle = toSeconds(protocolTimeout?.idle ?? timeout?.tcp?.idle);
  if (perRequest !== undefined || idle !== undefined) {
    service.Timeout = {
      ...(perRequest === undefined ? {} : { PerRequestTimeoutSeconds: perRequest }),
      ...(idle === undefined ? {} : { IdleTimeoutSeconds: idle }),
    };
    ledger.gap(
      at,
      `spec.listeners[${index}].timeout`,
      "timeouts in milliseconds or seconds",
      "Service Connect timeouts, in whole seconds",
    );
  }
  return service;
}

function nodeGaps(node: Resource<VirtualNodeSpec>, ledger: Ledger): void {
  const at = resourceName("virtualNode", node.name);
  const gap = (path: string, detail: string, instead = "not exported") => ledger.gap(at, path, detail, instead);
  node.spec.listeners?.forEach((listener, i) => {
    const path = `spec.listeners[${i}]`;
    ledger.expressed(at, `${path}.portMapping`);
    if (listener.healthCheck)
      gap(
        `${path}.healthCheck`,
        "active health checks",
        "not exported: ECS container health checks and the service's own outlier detection",
      );
    if (listener.outlierDetection)
      gap(
        `${path}.outlierDetection`,
        "outlier detection tuning",
        "Service Connect's built-in outlier detection, which cannot be tuned",
      );
    if (listener.connectionPool) gap(`${path}.connectionPool`, "connection and request limits");
    if (listener.tls)
      gap(
        `${path}.tls`,
        "TLS with this listener's certificate and validation",
        "not exported: Service Connect TLS takes an AWS Private CA (Tls.IssuerCertificateAuthority)",
      );
  });
  const discovery = node.spec.serviceDiscovery;
  if (discovery)
    gap(
      "spec.serviceDiscovery",
      "discovery through DNS or an existing Cloud Map service",
      "the Service Connect namespace registers the ECS service's tasks",
    );
  node.spec.backends?.forEach((_, i) => {
    gap(
      `spec.backends[${i}]`,
      "the node may reach only its declared backends (and their client policies)",
      "not exported: a Service Connect client reaches every alias of the namespace",
    );
  });
  if (node.spec.backendDefaults) gap("spec.backendDefaults", "client policies towards the node's backends");
  if (node.spec.logging)
    gap(
      "spec.logging",
      "the proxy's access log file",
      "not exported: ServiceConnectConfiguration.LogConfiguration sends the proxy's logs to a log driver",
    );
}
