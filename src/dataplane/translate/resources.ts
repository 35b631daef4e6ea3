/** The Envoy resources of one proxy as translation gathers them: a cluster named twice is kept once. */
import type { Cluster, ClusterLoadAssignment } from "../envoy/cluster.js";
import type { Listener } from "../envoy/listener.js";
import type { RouteConfiguration } from "../envoy/route.js";

export class Resources {
  readonly listeners: Listener[] = [];
  readonly routes: RouteConfiguration[] = [];
  readonly clusters = new Map<string, Cluster>();
  readonly assignments: ClusterLoadAssignment[] = [];
  /** Certificate sources the placement cannot give, each as `<spec path>: <why>` (see tls.ts). */
  readonly unavailable: string[] = [];

  cluster(cluster: Cluster, assignment?: ClusterLoadAssignment): void {
    if (this.clusters.has(cluster.name)) return;
    this.clusters.set(cluster.name, cluster);
    if (assignment) this.assignments.push(assignment);
  }
}
