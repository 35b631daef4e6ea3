/**
 * The same configuration in the forms gRPC's xDS client accepts (dataplane.md §21.4), for a virtual
 * node whose "proxy" is a gRPC application dialing `xds:///<virtual service>`: an API listener per
 * backend virtual service (named `<service>` for its first port and `<service>:<port>` for each) over
 * the egress route configuration of that port; DNS clusters as LOGICAL_DNS on the bare hostname (gRPC
 * resolves it itself; no trailing dot); every locality weighted. Names, routes and weights are unchanged.
 */
import type { ApiListener } from "../envoy/api-listener.js";
import type { Cluster, ClusterLoadAssignment } from "../envoy/cluster.js";
import type { HttpConnectionManager, Listener } from "../envoy/listener.js";
import type { RouteConfiguration } from "../envoy/route.js";
import { httpFilter } from "./listeners.js";

export interface Content {
  listeners: Listener[];
  routeConfigurations: RouteConfiguration[];
  clusters: Cluster[];
  loadAssignments: ClusterLoadAssignment[];
}

export function forGrpcClients(content: Content): Content & { apiListeners: ApiListener[] } {
  return {
    ...content,
    apiListeners: apiListeners(content.routeConfigurations),
    clusters: content.clusters.map(grpcCluster),
    loadAssignments: content.loadAssignments.map(weighted),
  };
}

const EGRESS_ROUTES = /^rds_egress_http_(\d+)$/;

function apiListeners(routes: readonly RouteConfiguration[]): ApiListener[] {
  const byName = new Map<string, ApiListener>();
  const egress = routes
    .map((route) => ({ route, port: Number(EGRESS_ROUTES.exec(route.name)?.[1]) }))
    .filter(({ port }) => Number.isInteger(port))
    .sort((a, b) => a.port - b.port);
  for (const { route, port } of egress) {
    for (const host of route.virtual_hosts) {
      if (!host.domains.includes(`${host.name}:${port}`)) continue; // the ALLOW_ALL passthrough host
      for (const name of [host.name, `${host.name}:${port}`]) {
        if (byName.has(name)) continue;
        const manager = httpFilter("egress", { rds: route.name }, []).typed_config as HttpConnectionManager;
        byName.set(name, { name, api_listener: { api_listener: manager } });
      }
    }
  }
  return [...byName.values()].sort((a, b) => (a.name < b.name ? -1 : 1));
}

function grpcCluster(cluster: Cluster): Cluster {
  if (cluster.type !== "LOGICAL_DNS" && cluster.type !== "STRICT_DNS") return cluster;
  const assignment = cluster.load_assignment;
  return {
    ...cluster,
    type: "LOGICAL_DNS",
    ...(assignment
      ? {
          load_assignment: {
            ...assignment,
            endpoints: assignment.endpoints.map((locality) => ({
              ...locality,
              lb_endpoints: locality.lb_endpoints.map((lb) => {
                const socket = lb.endpoint.address.socket_address;
                const address = { ...socket, address: socket.address.replace(/\.$/, "") };
                return { ...lb, endpoint: { ...lb.endpoint, address: { socket_address: address } } };
              }),
            })),
          },
        }
      : {}),
  };
}

function weighted(assignment: ClusterLoadAssignment): ClusterLoadAssignment {
  return {
    ...assignment,
    endpoints: assignment.endpoints.map((locality) => ({ ...locality, load_balancing_weight: 1 })),
  };
}
