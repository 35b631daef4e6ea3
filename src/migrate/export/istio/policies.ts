/**
 * Virtual node policies as Istio's: outlier detection, connection pools and client TLS on the
 * DestinationRule of the node's host (a subset's when nodes share a host), listener TLS modes as
 * PeerAuthentication. Istio applies pools on each client, where App Mesh limited the destination's own
 * proxy; it issues workload certificates itself (ISTIO_MUTUAL), so certificate sources do not carry
 * over; it has no active health checks.
 */
import type { ClientPolicy, Listener, VirtualNodeSpec } from "@aws-sdk/client-app-mesh";
import type { MeshSnapshot } from "../../../snapshot/snapshot.js";
import { type Ledger, resourceName } from "../ledger.js";
import { labelName, objectName, seconds, VIRTUAL_NODES_ANNOTATION } from "../names.js";
import type { Json } from "./routes.js";

export function destinationRules(
  snapshot: MeshSnapshot,
  hosts: Map<string, { host: string; subset?: string }>,
  ledger: Ledger,
): { name: string; annotations: Record<string, string>; spec: Json }[] {
  const rules = new Map<string, { nodes: Record<string, string>; spec: Json }>();
  const clientTls = clientTlsByHost(snapshot, hosts, ledger);
  for (const node of snapshot.virtualNodes) {
    const { host, subset } = hosts.get(node.name) ?? { host: objectName(node.name) };
    const rule = rules.get(host) ?? { nodes: {}, spec: { host } };
    rules.set(host, rule);
    rule.nodes[subset ?? ""] = node.name;
    const policy = trafficPolicy(node.name, node.spec, ledger);
    const tls = clientTls.get(host);
    if (tls) policy.tls = tls;
    if (subset) {
      const labels = Object.fromEntries(
        (node.spec.serviceDiscovery?.awsCloudMap?.attributes ?? []).map((a) => [a.key, a.value]),
      );
      const subsets = (rule.spec.subsets as Json[] | undefined) ?? [];
      const entry: Json = {
        name: subset,
        labels: Object.keys(labels).length ? labels : { "app.kubernetes.io/name": subset },
      };
      if (Object.keys(policy).length) entry.trafficPolicy = policy;
      rule.spec.subsets = [...subsets, entry];
    } else if (Object.keys(policy).length) {
      rule.spec.trafficPolicy = policy;
    }
  }
  return [...rules].map(([host, { nodes, spec }]) => ({
    name: `${host}-rule`,
    annotations: { [VIRTUAL_NODES_ANNOTATION]: JSON.stringify(nodes) },
    spec,
  }));
}

function trafficPolicy(name: string, spec: VirtualNodeSpec, ledger: Ledger): Json {
  const at = resourceName("virtualNode", name);
  const policy: Json = {};
  (spec.listeners ?? []).forEach((listener: Listener, i) => {
    const path = `spec.listeners[${i}]`;
    const pool = listener.connectionPool;
    if (pool) {
      const tcp = pool.tcp?.maxConnections ?? pool.http?.maxConnections;
      const http: Json = {};
      if (pool.http?.maxPendingRequests !== undefined) http.http1MaxPendingRequests = pool.http.maxPendingRequests;
      const requests = pool.http2?.maxRequests ?? pool.grpc?.maxRequests;
      if (requests !== undefined) http.http2MaxRequests = requests;
      policy.connectionPool = {
        ...(tcp === undefined ? {} : { tcp: { maxConnections: tcp } }),
        ...(Object.keys(http).length ? { http } : {}),
      };
      ledger.gap(
        at,
        `${path}.connectionPool`,
        "limits enforced by the node's own proxy, for all its clients together",
        "the same limits in the DestinationRule, enforced by each client's proxy",
      );
    }
    const outlier = listener.outlierDetection;
    if (outlier) {
      policy.outlierDetection = {
        consecutive5xxErrors: outlier.maxServerErrors,
        interval: seconds(outlier.interval),
        baseEjectionTime: seconds(outlier.baseEjectionDuration),
        maxEjectionPercent: outlier.maxEjectionPercent,
      };
      ledger.expressed(at, `${path}.outlierDetection`);
    }
    if (listener.healthCheck) {
      ledger.gap(
        at,
        `${path}.healthCheck`,
        "active health checks by the clients' proxies",
        "not exported: Istio has none; Kubernetes readiness probes decide which endpoints get traffic",
      );
    }
    if (listener.timeout) {
      ledger.gap(
        at,
        `${path}.timeout`,
        "request and idle timeouts of the node's inbound listener",
        "not exported: Istio times requests out on the client's route",
      );
    }
  });
  return policy;
}

/** Client TLS policies of the nodes that call each host (per backend, else the node's backend defaults). */
function clientTlsByHost(
  snapshot: MeshSnapshot,
  hosts: Map<string, { host: string }>,
  ledger: Ledger,
): Map<string, Json> {
  const providers = new Map<string, string[]>();
  const routerTargets = new Map<string, string[]>();
  for (const route of snapshot.routes) {
    const spec = route.spec.httpRoute ?? route.spec.http2Route ?? route.spec.grpcRoute ?? route.spec.tcpRoute;
    const nodes = (spec?.action?.weightedTargets ?? []).map((t) => t.virtualNode ?? "");
    routerTargets.set(route.parent, [...(routerTargets.get(route.parent) ?? []), ...nodes]);
  }
  for (const service of snapshot.virtualServices) {
    const provider = service.spec.provider;
    const nodes = provider?.virtualNode
      ? [provider.virtualNode.virtualNodeName ?? ""]
      : (routerTargets.get(provider?.virtualRouter?.virtualRouterName ?? "") ?? []);
    providers.set(service.name, nodes);
  }
  const byHost = new Map<string, Json>();
  for (const node of snapshot.virtualNodes) {
    const at = resourceName("virtualNode", node.name);
    const policies: [string, ClientPolicy | undefined, string[]][] = [];
    node.spec.backends?.forEach((backend, i) => {
      const service = backend.virtualService;
      policies.push([
        `spec.backends[${i}].virtualService.clientPolicy`,
        service?.clientPolicy,
        providers.get(service?.virtualServiceName ?? "") ?? [],
      ]);
    });
    if (node.spec.backendDefaults?.clientPolicy) {
      const all = [...providers.values()].flat();
      policies.push(["spec.backendDefaults.clientPolicy", node.spec.backendDefaults.clientPolicy, all]);
    }
    for (const [path, policy, targets] of policies) {
      const tls = policy?.tls;
      if (!tls) continue;
      const sans = tls.validation?.subjectAlternativeNames?.match?.exact;
      for (const target of targets) {
        const host = hosts.get(target)?.host;
        if (host) byHost.set(host, { mode: "ISTIO_MUTUAL", ...(sans?.length ? { subjectAltNames: sans } : {}) });
      }
      ledger.expressed(at, `${path}.tls.validation.subjectAlternativeNames`);
      ledger.gap(
        at,
        `${path}.tls`,
        "TLS from this node to its backends, with its own trust and certificate",
        "ISTIO_MUTUAL in the backends' DestinationRules, for every client (Istio's CA issues and trusts the certificates; trust, certificate, ports and enforce are not exported)",
      );
    }
  }
  return byHost;
}

/** A PeerAuthentication for each node whose listener sets a TLS mode. */
export function peerAuthentications(snapshot: MeshSnapshot, ledger: Ledger): { name: string; spec: Json }[] {
  const modes: Record<string, string> = { STRICT: "STRICT", PERMISSIVE: "PERMISSIVE", DISABLED: "DISABLE" };
  return snapshot.virtualNodes.flatMap((node) => {
    const at = resourceName("virtualNode", node.name);
    const listeners = node.spec.listeners ?? [];
    const ports: Record<string, Json> = {};
    listeners.forEach((listener, i) => {
      const tls = listener.tls;
      if (!tls) return;
      const mode = modes[tls.mode ?? "DISABLED"];
      ports[String(listener.portMapping?.port)] = { mode };
      const selector = `app=${labelName(node.name)}`;
      ledger.gap(
        at,
        `spec.listeners[${i}].tls.mode`,
        "the listener's TLS mode",
        `PeerAuthentication mode ${mode} on this port, for the workloads labelled ${selector} (assumed)`,
      );
      ledger.gap(
        at,
        `spec.listeners[${i}].tls.certificate`,
        "the listener's own certificate",
        "Istio's CA issues the workload's certificate",
      );
      if (tls.validation) {
        ledger.gap(
          at,
          `spec.listeners[${i}].tls.validation`,
          "which clients' certificates the listener accepts (trust, SANs)",
          "not exported: Istio trusts its own CA; restrict callers with an AuthorizationPolicy on their principals",
        );
      }
    });
    if (!Object.keys(ports).length) return [];
    const selector = { matchLabels: { app: labelName(node.name) } };
    return [{ name: `${node.name}-mtls`, spec: { selector, portLevelMtls: ports } }];
  });
}
