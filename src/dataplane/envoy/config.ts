/**
 * Everything one proxy runs from: the resources Envoy would receive over xDS for one App Mesh virtual
 * node or virtual gateway, plus its identity and admin address. Immutable once built.
 */
import type { AccessLog } from "./access-log.js";
import type { ApiListener } from "./api-listener.js";
import type { Cluster, ClusterLoadAssignment } from "./cluster.js";
import type { Address } from "./common.js";
import type { Listener } from "./listener.js";
import type { RouteConfiguration } from "./route.js";

export interface EnvoyNode {
  /** `mesh/<mesh>/virtualNode/<name>` (or virtualGateway), as the App Mesh Envoy image sends it. */
  id: string;
  cluster: string;
}

export interface EnvoyConfig {
  node: EnvoyNode;
  /** The version xDS would send: changes whenever the content may have. */
  version: string;
  admin?: { address: Address; access_log?: AccessLog[] };
  listeners: readonly Listener[];
  /** For proxyless gRPC clients only (translate's `proxyless`): one per backend virtual service. */
  apiListeners?: readonly ApiListener[];
  routeConfigurations: readonly RouteConfiguration[];
  clusters: readonly Cluster[];
  loadAssignments: readonly ClusterLoadAssignment[];
}
