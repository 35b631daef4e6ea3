/**
 * /config_dump: the config the proxy runs from, as Envoy dumps it (bootstrap, clusters, listeners,
 * scoped routes, routes, secrets; endpoints with ?include_eds), with `?resource=` and `?name_regex=`.
 */
import type { ProxyServer } from "../proxy/proxy.js";

const ADMIN = "type.googleapis.com/envoy.admin.v3.";
const CONFIG = "type.googleapis.com/envoy.config.";

export function configDump(proxy: ProxyServer, query: URLSearchParams): unknown {
  const config = proxy.config;
  const version = config?.version ?? "";
  const updated = new Date(proxy.startedAt).toISOString();
  const nameRegex = query.get("name_regex");
  const named = <T extends { name?: string; cluster_name?: string }>(items: readonly T[]) => {
    const pattern = nameRegex ? new RegExp(nameRegex) : undefined;
    return items.filter((item) => !pattern || pattern.test(item.name ?? item.cluster_name ?? ""));
  };
  const dumps: Record<string, unknown> = {
    bootstrap: {
      "@type": `${ADMIN}BootstrapConfigDump`,
      bootstrap: {
        node: { ...config?.node, user_agent_name: "envoy" },
        ...(config?.admin ? { admin: config.admin } : {}),
        dynamic_resources: {
          lds_config: { ads: {}, resource_api_version: "V3" },
          cds_config: { ads: {}, resource_api_version: "V3" },
        },
      },
      last_updated: updated,
    },
    dynamic_active_clusters: {
      "@type": `${ADMIN}ClustersConfigDump`,
      version_info: version,
      dynamic_active_clusters: named(config?.clusters ?? []).map((cluster) => ({
        version_info: version,
        cluster: { "@type": `${CONFIG}cluster.v3.Cluster`, ...cluster },
        last_updated: updated,
      })),
    },
    dynamic_listeners: {
      "@type": `${ADMIN}ListenersConfigDump`,
      version_info: version,
      dynamic_listeners: named(config?.listeners ?? []).map((listener) => ({
        name: listener.name,
        active_state: {
          version_info: version,
          listener: { "@type": `${CONFIG}listener.v3.Listener`, ...listener },
          last_updated: updated,
        },
      })),
    },
    scoped_routes: { "@type": `${ADMIN}ScopedRoutesConfigDump` },
    dynamic_route_configs: {
      "@type": `${ADMIN}RoutesConfigDump`,
      dynamic_route_configs: named(config?.routeConfigurations ?? []).map((route) => ({
        version_info: version,
        route_config: { "@type": `${CONFIG}route.v3.RouteConfiguration`, ...route },
        last_updated: updated,
      })),
    },
    secrets: { "@type": `${ADMIN}SecretsConfigDump` },
    ...(query.has("include_eds")
      ? {
          endpoints: {
            "@type": `${ADMIN}EndpointsConfigDump`,
            dynamic_endpoint_configs: named(config?.loadAssignments ?? []).map((assignment) => ({
              version_info: version,
              endpoint_config: { "@type": `${CONFIG}endpoint.v3.ClusterLoadAssignment`, ...assignment },
              last_updated: updated,
            })),
          },
        }
      : {}),
  };
  const resource = query.get("resource");
  if (resource) {
    const found = Object.values(dumps).flatMap((dump) => {
      const list = (dump as Record<string, unknown>)[resource];
      return Array.isArray(list) ? list : [];
    });
    return { configs: found };
  }
  return { configs: Object.values(dumps) };
}
