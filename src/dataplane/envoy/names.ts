/**
 * The names App Mesh gave Envoy's objects (users grep them in stats and dashboards), and the type
 * URLs of the resources.
 */

export type Direction = "ingress" | "egress";

/** `lds_egress_0.0.0.0_15001` */
export function listenerName(direction: Direction, ip: string, port: number): string {
  return `lds_${direction}_${ip}_${port}`;
}

/** `rds_egress_http_8080` */
export function routeConfigName(direction: Direction, protocol: string, port: number): string {
  return `rds_${direction}_${protocol}_${port}`;
}

/** `cds_egress_colors_colors-v1_http_8080`: the cluster of a virtual node's listener. */
export function clusterName(direction: Direction, mesh: string, node: string, protocol: string, port: number): string {
  return `cds_${direction}_${mesh}_${node}_${protocol}_${port}`;
}

/** `cds_egress_colors_mesh-allow-all`: where ALLOW_ALL lets undeclared destinations go. */
export function allowAllClusterName(mesh: string): string {
  return `cds_egress_${mesh}_mesh-allow-all`;
}

export const TYPE_URLS = {
  listener: "type.googleapis.com/envoy.config.listener.v3.Listener",
  routeConfiguration: "type.googleapis.com/envoy.config.route.v3.RouteConfiguration",
  cluster: "type.googleapis.com/envoy.config.cluster.v3.Cluster",
  loadAssignment: "type.googleapis.com/envoy.config.endpoint.v3.ClusterLoadAssignment",
} as const;
