/**
 * Clusters: one per listener port of every virtual node the proxy calls (`cds_egress_…`), one per
 * listener port of its own node for the application (`cds_ingress_…`), and the ALLOW_ALL passthrough.
 */
import type { VirtualNodeSpec } from "@aws-sdk/client-app-mesh";
import type { Cluster, ClusterLoadAssignment } from "../envoy/cluster.js";
import type { SocketAddress } from "../envoy/common.js";
import { meshMetadata } from "../envoy/mesh-object.js";
import { allowAllClusterName, clusterName } from "../envoy/names.js";
import type { TransportSocket } from "../envoy/tls.js";
import { CONNECT_TIMEOUT, DEFAULT_THRESHOLDS } from "./defaults.js";
import { durationOf, seconds } from "./durations.js";
import { dnsLookupFamily, type IpPreference, loopbackAddress } from "./ip-preference.js";
import type { TargetEndpoints } from "./placement.js";

type NodeListener = NonNullable<VirtualNodeSpec["listeners"]>[number];

const HTTP2_OPTIONS = {
  "envoy.extensions.upstreams.http.v3.HttpProtocolOptions": {
    "@type": "type.googleapis.com/envoy.extensions.upstreams.http.v3.HttpProtocolOptions",
    explicit_http_config: { http2_protocol_options: {} },
  },
};

function base(name: string, type: Cluster["type"], protocol: string, object: string): Cluster {
  return {
    name,
    type,
    connect_timeout: CONNECT_TIMEOUT,
    lb_policy: type === "ORIGINAL_DST" ? "CLUSTER_PROVIDED" : "ROUND_ROBIN",
    circuit_breakers: { thresholds: [{ ...DEFAULT_THRESHOLDS }] },
    ...(protocol === "http2" || protocol === "grpc" ? { typed_extension_protocol_options: HTTP2_OPTIONS } : {}),
    metadata: meshMetadata({ object }),
  };
}

export function loadAssignment(cluster: string, addresses: SocketAddress[], hostname?: string): ClusterLoadAssignment {
  return {
    cluster_name: cluster,
    endpoints: [
      {
        locality: {},
        lb_endpoints: addresses.map((address) => ({
          endpoint: { address: { socket_address: address }, ...(hostname ? { hostname } : {}) },
        })),
      },
    ],
  };
}

/**
 * The cluster through which callers reach `node`'s listener, with the listener's health and outlier
 * policies, and the caller's TLS to it, if any.
 */
export function egressCluster(
  mesh: string,
  node: string,
  listener: NodeListener,
  endpoints: TargetEndpoints,
  tls: TransportSocket | undefined,
  preference: IpPreference | undefined,
): { cluster: Cluster; assignment?: ClusterLoadAssignment } {
  const protocol = listener.portMapping?.protocol ?? "http";
  const port = listener.portMapping?.port ?? 0;
  const name = clusterName("egress", mesh, node, protocol, port);
  const object = `mesh/${mesh}/virtualNode/${node}`;
  const cluster =
    endpoints.type === "dns"
      ? {
          ...base(name, endpoints.responseType === "ENDPOINTS" ? "STRICT_DNS" : "LOGICAL_DNS", protocol, object),
          ...(preference ? { dns_lookup_family: dnsLookupFamily(preference) } : {}),
          load_assignment: loadAssignment(name, [{ address: `${endpoints.hostname}.`, port_value: port }]),
        }
      : { ...base(name, "EDS", protocol, object), eds_cluster_config: { eds_config: ADS } };
  const outlier = listener.outlierDetection;
  if (outlier) {
    cluster.outlier_detection = {
      consecutive_5xx: outlier.maxServerErrors ?? 5,
      interval: durationOf(outlier.interval) ?? "10s",
      base_ejection_time: durationOf(outlier.baseEjectionDuration) ?? "30s",
      max_ejection_percent: outlier.maxEjectionPercent ?? 10,
    };
  }
  // The check's `port` needs no health_check_config: App Mesh accepts only the listener's port, which each
  // endpoint already stands for (under mesh up, the target's sidecar, that checks must go through).
  const check = listener.healthCheck;
  if (check) {
    const kind = check.protocol;
    cluster.health_checks = [
      {
        timeout: seconds((check.timeoutMillis ?? 2000) / 1000),
        interval: seconds((check.intervalMillis ?? 5000) / 1000),
        healthy_threshold: check.healthyThreshold ?? 2,
        unhealthy_threshold: check.unhealthyThreshold ?? 2,
        ...(kind === "tcp"
          ? { tcp_health_check: {} }
          : kind === "grpc"
            ? { grpc_health_check: {} }
            : {
                http_health_check: {
                  path: check.path ?? "/",
                  ...(kind === "http2" ? { codec_client_type: "HTTP2" as const } : {}),
                },
              }),
      },
    ];
  }
  if (tls) cluster.transport_socket = tls;
  const assignment = endpoints.type === "static" ? loadAssignment(name, endpoints.addresses) : undefined;
  return { cluster, ...(assignment ? { assignment } : {}) };
}

const ADS = { ads: {}, resource_api_version: "V3" } as const;

/**
 * The application behind the proxy's own listener: STATIC on loopback beside the proxy (App Mesh), or
 * the original destination of the connection (`mesh up`, where each ingress listener fronts one endpoint).
 */
export function ingressCluster(
  mesh: string,
  node: string,
  listener: NodeListener,
  application: "loopback" | "original-destination",
  preference: IpPreference | undefined,
): Cluster {
  const protocol = listener.portMapping?.protocol ?? "http";
  const port = listener.portMapping?.port ?? 0;
  const name = clusterName("ingress", mesh, node, protocol, port);
  const object = `mesh/${mesh}/virtualNode/${node}`;
  const pool = listener.connectionPool;
  const cluster =
    application === "loopback"
      ? {
          ...base(name, "STATIC", protocol, object),
          load_assignment: loadAssignment(name, [{ address: loopbackAddress(preference), port_value: port }]),
        }
      : base(name, "ORIGINAL_DST", protocol, object);
  if (pool) {
    // The pool's member is the listener's protocol: http and tcp limit connections, http2 and grpc requests.
    const limits = { ...pool.tcp, ...pool.http, ...pool.http2, ...pool.grpc } as {
      maxConnections?: number;
      maxPendingRequests?: number;
      maxRequests?: number;
    };
    cluster.circuit_breakers = {
      thresholds: [
        {
          ...DEFAULT_THRESHOLDS,
          ...(limits.maxConnections !== undefined ? { max_connections: limits.maxConnections } : {}),
          ...(limits.maxPendingRequests !== undefined ? { max_pending_requests: limits.maxPendingRequests } : {}),
          ...(limits.maxRequests !== undefined ? { max_requests: limits.maxRequests } : {}),
        },
      ],
    };
  }
  return cluster;
}

/** ALLOW_ALL: destinations no virtual service stands for go where they were going. */
export function allowAllCluster(mesh: string, passthrough: "tcp" | "http"): Cluster {
  const cluster = base(allowAllClusterName(mesh), "ORIGINAL_DST", "tcp", `mesh/${mesh}`);
  if (passthrough === "http")
    cluster.original_dst_lb_config = { use_http_header: true, http_header_name: ":authority" };
  return cluster;
}
