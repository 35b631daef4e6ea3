/**
 * One proxy's translation as a static Envoy bootstrap (`mesh export --to envoy`): the same listeners,
 * routes and clusters xDS would send, with each route configuration inlined into the connection
 * manager that names it and each EDS cluster given its endpoints, so `envoy -c` runs it with no control
 * plane. Node, admin address and admin access log are the App Mesh Envoy image's (dataplane.md §1, §22.1).
 */
import type { Cluster } from "../envoy/cluster.js";
import type { EnvoyConfig } from "../envoy/config.js";
import { HTTP_CONNECTION_MANAGER, type Listener, type NetworkFilter } from "../envoy/listener.js";
import type { RouteConfiguration } from "../envoy/route.js";

const ADMIN = {
  access_log: [
    {
      name: "envoy.access_loggers.file",
      typed_config: {
        "@type": "type.googleapis.com/envoy.extensions.access_loggers.file.v3.FileAccessLog",
        path: "/tmp/envoy_admin_access.log",
      },
    },
  ],
  address: { socket_address: { address: "0.0.0.0", port_value: 9901 } },
};

export interface StaticBootstrap {
  node: EnvoyConfig["node"];
  admin: typeof ADMIN;
  static_resources: { listeners: Listener[]; clusters: Cluster[] };
}

export function staticBootstrap(config: EnvoyConfig): StaticBootstrap {
  const routes = new Map(config.routeConfigurations.map((route) => [route.name, route]));
  const assignments = new Map(config.loadAssignments.map((assignment) => [assignment.cluster_name, assignment]));
  const inlined = (filter: NetworkFilter): NetworkFilter => {
    if (filter.name !== HTTP_CONNECTION_MANAGER || !filter.typed_config.rds) return filter;
    const { rds, ...manager } = filter.typed_config;
    return { ...filter, typed_config: { ...manager, route_config: routeNamed(routes, rds.route_config_name) } };
  };
  const listeners = config.listeners.map((listener) => ({
    ...listener,
    filter_chains: listener.filter_chains.map((chain) => ({ ...chain, filters: chain.filters.map(inlined) })),
    ...(listener.default_filter_chain
      ? {
          default_filter_chain: {
            ...listener.default_filter_chain,
            filters: listener.default_filter_chain.filters.map(inlined),
          },
        }
      : {}),
  }));
  const clusters = config.clusters.map((cluster): Cluster => {
    if (cluster.type !== "EDS") return cluster;
    const { eds_cluster_config: _, ...rest } = cluster;
    return {
      ...rest,
      type: "STATIC",
      load_assignment: assignments.get(cluster.name) ?? { cluster_name: cluster.name, endpoints: [] },
    };
  });
  return { node: config.node, admin: ADMIN, static_resources: { listeners, clusters } };
}

function routeNamed(routes: ReadonlyMap<string, RouteConfiguration>, name: string): RouteConfiguration {
  const route = routes.get(name);
  // Translation names only route configurations it made: a miss is a bug, not bad input.
  if (!route) throw new Error(`no route configuration ${name} in the translation`);
  return route;
}
