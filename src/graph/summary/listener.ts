/**
 * What a listener shows (virtual nodes, virtual gateways, virtual routers): `protocol:port`, and badges
 * for its health check, TLS mode and outlier detection. With several listeners each badge names its port.
 */
import type { ServiceDiscovery } from "@aws-sdk/client-app-mesh";

/** The members the three listener shapes share (a router's listener has only the port mapping). */
interface AnyListener {
  portMapping?: { port?: number; protocol?: string };
  healthCheck?: unknown;
  tls?: { mode?: string };
  outlierDetection?: unknown;
}

export interface ListenerSummary {
  details: string[];
  badges: string[];
}

export function listenerSummary(listeners: AnyListener[] | undefined): ListenerSummary {
  const all = listeners ?? [];
  const where = (listener: AnyListener) => (all.length > 1 ? ` :${listener.portMapping?.port}` : "");
  return {
    details: all.map((listener) => `${listener.portMapping?.protocol}:${listener.portMapping?.port}`),
    badges: all.flatMap((listener) => [
      ...(listener.healthCheck ? [`health-check${where(listener)}`] : []),
      ...(listener.tls ? [`tls ${listener.tls.mode}${where(listener)}`] : []),
      ...(listener.outlierDetection ? [`outlier${where(listener)}`] : []),
    ]),
  };
}

/** The ports a target may name: a route's weighted target port must be one of them. */
export function listenerPorts(listeners: AnyListener[] | undefined): number[] {
  return (listeners ?? []).flatMap((listener) =>
    listener.portMapping?.port === undefined ? [] : [listener.portMapping.port],
  );
}

export function discoverySummary(discovery: ServiceDiscovery | undefined): string[] {
  if (discovery?.dns) return [`dns ${discovery.dns.hostname}`];
  if (discovery?.awsCloudMap)
    return [`cloud map ${discovery.awsCloudMap.namespaceName}/${discovery.awsCloudMap.serviceName}`];
  return [];
}
