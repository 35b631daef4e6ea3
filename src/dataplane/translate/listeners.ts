/** The listeners of a virtual node's proxy, and their connection managers, as App Mesh built them (dataplane.md §4). */
import type { AccessLog as MeshAccessLog } from "@aws-sdk/client-app-mesh";
import { type AccessLog, DEFAULT_ACCESS_LOG_FORMAT } from "../envoy/access-log.js";
import type { SocketAddress } from "../envoy/common.js";
import {
  type FilterChain,
  HTTP_CONNECTION_MANAGER,
  type HttpConnectionManager,
  type NetworkFilter,
  ROUTER_FILTER,
  TCP_PROXY,
} from "../envoy/listener.js";
import type { RouteConfiguration, WeightedCluster } from "../envoy/route.js";

export function httpFilter(
  statPrefix: "ingress" | "egress",
  route: { rds: string } | { inline: RouteConfiguration },
  accessLog: AccessLog[],
): NetworkFilter {
  const config: HttpConnectionManager = {
    "@type": "type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager",
    codec_type: "AUTO",
    stat_prefix: statPrefix,
    ...("rds" in route
      ? { rds: { config_source: { ads: {}, resource_api_version: "V3" }, route_config_name: route.rds } }
      : { route_config: route.inline }),
    http_filters: [ROUTER_FILTER],
    tracing: {},
    upgrade_configs: [{ upgrade_type: "websocket", enabled: true }],
    normalize_path: true,
    merge_slashes: true,
    path_with_escaped_slashes_action: "KEEP_UNCHANGED",
    ...(accessLog.length ? { access_log: accessLog } : {}),
  };
  return { name: HTTP_CONNECTION_MANAGER, typed_config: config };
}

export function tcpFilter(
  statPrefix: string,
  clusters: WeightedCluster[],
  idleTimeout: string,
  accessLog: AccessLog[],
): NetworkFilter {
  const [only] = clusters;
  return {
    name: TCP_PROXY,
    typed_config: {
      "@type": "type.googleapis.com/envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy",
      stat_prefix: statPrefix,
      ...(clusters.length === 1 && only ? { cluster: only.name } : { weighted_clusters: { clusters } }),
      idle_timeout: idleTimeout,
      ...(accessLog.length ? { access_log: accessLog } : {}),
    },
  };
}

export function portChain(port: number, filter: NetworkFilter): FilterChain {
  return { filter_chain_match: { destination_port: port }, filters: [filter] };
}

/** The node's `logging.accessLog.file`: a file logger with its format, or Envoy's default. */
export function accessLogOf(log: MeshAccessLog | undefined): AccessLog[] {
  const file = log?.file;
  if (!file?.path) return [];
  const format = file.format;
  const json = format?.json?.length
    ? Object.fromEntries(format.json.map((pair) => [pair.key ?? "", pair.value ?? ""]))
    : undefined;
  return [
    {
      name: "envoy.access_loggers.file",
      typed_config: {
        "@type": "type.googleapis.com/envoy.extensions.access_loggers.file.v3.FileAccessLog",
        path: file.path,
        log_format: json
          ? { json_format: json }
          : { text_format_source: { inline_string: format?.text ?? DEFAULT_ACCESS_LOG_FORMAT } },
      },
    },
  ];
}

export function addressKey(address: SocketAddress): string {
  return `${address.address}:${address.port_value}`;
}
