/** /clusters: every cluster's thresholds and every host's counters, in Envoy's text lines (dataplane.md §15). */
import type { ProxyServer } from "../proxy/proxy.js";
import type { ClusterRuntime } from "../proxy/upstream/cluster.js";
import type { UpstreamHost } from "../proxy/upstream/host.js";

const THRESHOLDS = ["max_connections", "max_pending_requests", "max_requests", "max_retries"] as const;
const HIGH_PRIORITY = { max_connections: 1024, max_pending_requests: 1024, max_requests: 1024, max_retries: 3 };
const HOST_COUNTERS = [
  "cx_active",
  "cx_connect_fail",
  "cx_total",
  "rq_active",
  "rq_error",
  "rq_success",
  "rq_timeout",
  "rq_total",
] as const;

function hostsOf(cluster: ClusterRuntime): readonly UpstreamHost[] {
  return cluster.members();
}

export function clustersText(proxy: ProxyServer): string {
  const lines: string[] = [];
  for (const cluster of proxy.clusters.all()) {
    const name = cluster.config.name;
    lines.push(`${name}::observability_name::${name}`);
    const defaults = cluster.config.circuit_breakers.thresholds[0];
    for (const key of THRESHOLDS) lines.push(`${name}::default_priority::${key}::${defaults?.[key] ?? 1024}`);
    for (const key of THRESHOLDS) lines.push(`${name}::high_priority::${key}::${HIGH_PRIORITY[key]}`);
    lines.push(`${name}::added_via_api::true`);
    for (const host of hostsOf(cluster)) {
      const at = `${name}::${host.address}`;
      for (const key of HOST_COUNTERS) lines.push(`${at}::${key}::${host.stats[key]}`);
      lines.push(`${at}::hostname::`);
      lines.push(`${at}::health_flags::${host.health.flags()}`);
      lines.push(`${at}::weight::1`);
      lines.push(`${at}::region::`, `${at}::zone::`, `${at}::sub_zone::`, `${at}::canary::false`, `${at}::priority::0`);
      lines.push(`${at}::success_rate::-1`, `${at}::local_origin_success_rate::-1`);
    }
  }
  return lines.length ? `${lines.join("\n")}\n` : "";
}

export function clustersJson(proxy: ProxyServer): unknown {
  return {
    cluster_statuses: proxy.clusters.all().map((cluster) => ({
      name: cluster.config.name,
      added_via_api: true,
      host_statuses: hostsOf(cluster).map((host) => {
        const [address, port] = [
          host.address.slice(0, host.address.lastIndexOf(":")),
          host.address.slice(host.address.lastIndexOf(":") + 1),
        ];
        return {
          address: { socket_address: { address, port_value: Number(port) } },
          stats: HOST_COUNTERS.map((name) => ({
            name,
            value: String(host.stats[name]),
            type: name.endsWith("active") ? "GAUGE" : "COUNTER",
          })),
          health_status: {
            eds_health_status: "HEALTHY",
            ...(host.health.ejected ? { failed_outlier_check: true } : {}),
            ...(host.health.activeCheck === "failed" || host.health.activeCheck === "pending"
              ? { failed_active_health_check: true }
              : {}),
          },
          weight: 1,
        };
      }),
    })),
  };
}
