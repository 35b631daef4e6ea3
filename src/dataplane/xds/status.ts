/**
 * What `mesh proxy-status` shows, as `mesh serve`'s admin endpoint serves it (`GET /xds/proxies`):
 * each connected proxy with, per type, the version sent, the version ACKed and the version current.
 */

export interface TypeStatus {
  /** CDS, EDS, LDS, RDS or SDS. */
  type: string;
  sent: string | null;
  acked: string | null;
  /** The version of this type's resources now. */
  current: string | null;
  /** The last response the proxy rejected, with its error. */
  nack?: { version: string; message: string };
}

export interface ProxyStatus {
  nodeId: string;
  /** `mesh/colors/virtualNode/caller`, as an ARN's resource part. */
  meshObject: string;
  account: string;
  region: string;
  /** `envoy` or `grpc` (a proxyless gRPC application). */
  client: "envoy" | "grpc";
  peer: string;
  transport: "tcp" | "tls" | "unix";
  connectedSince: string;
  /** Why the proxy has no configuration (an unknown node, a configuration that cannot be built). */
  problem?: string;
  types: TypeStatus[];
}

export const PROXY_STATUS_PATH = "/xds/proxies";

/** SYNCED when the current version is ACKed, NACKED when the last one sent was rejected, STALE otherwise. */
export function syncState(type: TypeStatus): "SYNCED" | "NACKED" | "STALE" | "NOT SENT" {
  if (type.sent === null) return "NOT SENT";
  if (type.nack && type.nack.version === type.sent) return "NACKED";
  return type.acked !== null && type.acked === type.current ? "SYNCED" : "STALE";
}
