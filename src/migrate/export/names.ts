/** Names in the systems exports write to: Kubernetes object names, hosts of virtual nodes, durations. */
import type { Duration, VirtualNodeSpec } from "@aws-sdk/client-app-mesh";

/** A DNS-1123 name (lowercase, `-` and `.`, at most 253 characters) standing for an App Mesh name. */
export function objectName(name: string): string {
  const cleaned = name
    .toLowerCase()
    .replace(/[^a-z0-9.-]+/g, "-")
    .replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, "");
  return (cleaned || "unnamed").slice(0, 253);
}

/** A DNS label (at most 63 characters, no dots): what a Service or a rule is named. */
export function labelName(name: string): string {
  return objectName(name).replace(/\./g, "-").slice(0, 63).replace(/-+$/, "") || "unnamed";
}

/** The host a virtual node is reached at: its DNS hostname, or `service.namespace` in Cloud Map. */
export function hostOf(spec: VirtualNodeSpec): string | undefined {
  const discovery = spec.serviceDiscovery;
  if (discovery?.dns?.hostname) return discovery.dns.hostname;
  const cloudMap = discovery?.awsCloudMap;
  return cloudMap ? `${cloudMap.serviceName}.${cloudMap.namespaceName}` : undefined;
}

/** A Kubernetes Service's cluster name `name.namespace.svc.cluster.local`, split; undefined for any other host. */
export function kubernetesService(host: string): { name: string; namespace: string } | undefined {
  const match = /^([a-z0-9-]+)\.([a-z0-9-]+)\.svc\.cluster\.local$/.exec(host);
  return match ? { name: match[1] as string, namespace: match[2] as string } : undefined;
}

/** An App Mesh duration in seconds, as Kubernetes-style configs write durations (`0.5s`, `15s`). */
export function seconds(duration: Duration | undefined): string | undefined {
  if (duration?.value === undefined) return undefined;
  const value = duration.unit === "ms" ? duration.value / 1000 : duration.value;
  return `${Number(value.toFixed(3))}s`;
}

/**
 * The annotation an export puts on the object standing for virtual nodes (an Istio DestinationRule, a
 * Gateway API route): which virtual node each subset or backend is, as JSON, for evaluators to trace
 * a decision back to App Mesh's names.
 */
export const VIRTUAL_NODES_ANNOTATION = "export.mesh/virtual-nodes";
