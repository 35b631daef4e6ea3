/** envoy.config.cluster.v3.Cluster, and the endpoints (ClusterLoadAssignment) EDS gives it. */
import type { Address, AdsConfigSource, Duration, Metadata } from "./common.js";
import type { TransportSocket } from "./tls.js";

export type DiscoveryType = "STATIC" | "STRICT_DNS" | "LOGICAL_DNS" | "EDS" | "ORIGINAL_DST";

export interface Cluster {
  name: string;
  type: DiscoveryType;
  eds_cluster_config?: { eds_config: AdsConfigSource; service_name?: string };
  connect_timeout: Duration;
  lb_policy: "ROUND_ROBIN" | "CLUSTER_PROVIDED";
  /** For STATIC and DNS clusters; EDS clusters get theirs as a separate ClusterLoadAssignment. */
  load_assignment?: ClusterLoadAssignment;
  circuit_breakers: { thresholds: CircuitBreakerThresholds[] };
  outlier_detection?: OutlierDetection;
  health_checks?: HealthCheck[];
  common_lb_config?: { healthy_panic_threshold?: { value: number } };
  original_dst_lb_config?: { use_http_header?: boolean; http_header_name?: string };
  typed_extension_protocol_options?: Record<string, unknown>;
  transport_socket?: TransportSocket;
  dns_lookup_family?: "V4_ONLY" | "V6_ONLY" | "V4_PREFERRED" | "AUTO";
  metadata?: Metadata;
}

export interface CircuitBreakerThresholds {
  priority?: "DEFAULT" | "HIGH";
  max_connections: number;
  max_pending_requests: number;
  max_requests: number;
  max_retries: number;
}

export interface OutlierDetection {
  consecutive_5xx: number;
  interval: Duration;
  base_ejection_time: Duration;
  max_ejection_percent: number;
}

export interface HealthCheck {
  timeout: Duration;
  interval: Duration;
  healthy_threshold: number;
  unhealthy_threshold: number;
  http_health_check?: { path: string; codec_client_type?: "HTTP1" | "HTTP2" };
  grpc_health_check?: Record<string, never>;
  tcp_health_check?: Record<string, never>;
}

export interface ClusterLoadAssignment {
  cluster_name: string;
  endpoints: LocalityLbEndpoints[];
}

export interface LocalityLbEndpoints {
  locality: Record<string, never>;
  lb_endpoints: LbEndpoint[];
  /** gRPC's xDS client ignores a locality without a weight. */
  load_balancing_weight?: number;
}

export interface LbEndpoint {
  endpoint: { address: Address; hostname?: string; health_check_config?: { port_value: number } };
  health_status?: "HEALTHY" | "UNHEALTHY";
}
