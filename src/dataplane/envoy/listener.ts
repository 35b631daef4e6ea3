/** envoy.config.listener.v3.Listener and the network filters App Mesh puts in it. */
import type { AccessLog } from "./access-log.js";
import type { Address, AdsConfigSource, Duration, Metadata, TypedExtension } from "./common.js";
import type { RouteConfiguration } from "./route.js";
import type { TransportSocket } from "./tls.js";

export const HTTP_CONNECTION_MANAGER = "envoy.filters.network.http_connection_manager";
export const TCP_PROXY = "envoy.filters.network.tcp_proxy";

export interface Listener {
  name: string;
  address: Address;
  filter_chains: FilterChain[];
  /** Where a connection goes that no filter chain matches (App Mesh's ALLOW_ALL passthrough). */
  default_filter_chain?: FilterChain;
  listener_filters?: TypedExtension[];
  traffic_direction: "INBOUND" | "OUTBOUND";
  metadata?: Metadata;
}

export interface FilterChain {
  name?: string;
  filter_chain_match?: FilterChainMatch;
  filters: NetworkFilter[];
  transport_socket?: TransportSocket;
}

export interface FilterChainMatch {
  destination_port?: number;
  transport_protocol?: string;
  server_names?: string[];
}

export type NetworkFilter =
  | { name: typeof HTTP_CONNECTION_MANAGER; typed_config: HttpConnectionManager }
  | { name: typeof TCP_PROXY; typed_config: TcpProxy };

export interface HttpConnectionManager {
  "@type": "type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager";
  codec_type?: "AUTO" | "HTTP1" | "HTTP2";
  stat_prefix: string;
  rds?: { config_source: AdsConfigSource; route_config_name: string };
  /** Inline routes: what gRPC's xDS client needs on an API listener. */
  route_config?: RouteConfiguration;
  http_filters: TypedExtension[];
  access_log?: AccessLog[];
  tracing?: Record<string, never>;
  upgrade_configs?: { upgrade_type: string; enabled?: boolean }[];
  normalize_path?: boolean;
  merge_slashes?: boolean;
  path_with_escaped_slashes_action?: "KEEP_UNCHANGED";
  common_http_protocol_options?: { idle_timeout?: Duration };
  /** How long a request may take in all, downstream side (App Mesh's listener perRequest timeout). */
  stream_idle_timeout?: Duration;
  request_timeout?: Duration;
}

export interface TcpProxy {
  "@type": "type.googleapis.com/envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy";
  stat_prefix: string;
  cluster?: string;
  weighted_clusters?: { clusters: { name: string; weight: number }[] };
  idle_timeout?: Duration;
  access_log?: AccessLog[];
}

export const ROUTER_FILTER: TypedExtension = {
  name: "envoy.filters.http.router",
  typed_config: { "@type": "type.googleapis.com/envoy.extensions.filters.http.router.v3.Router" },
};
