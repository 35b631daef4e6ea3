/** Every cluster of a proxy by name, kept across config updates so hosts keep their connections. */
import type { Cluster, ClusterLoadAssignment } from "../../envoy/cluster.js";
import type { Stats } from "../stats.js";
import type { TlsContexts } from "../tls/contexts.js";
import { ClusterRuntime } from "./cluster.js";

export class ClusterManager {
  private readonly clusters = new Map<string, ClusterRuntime>();

  constructor(
    private readonly stats: Stats,
    private readonly tls: TlsContexts,
  ) {}

  get(name: string): ClusterRuntime | undefined {
    return this.clusters.get(name);
  }

  all(): ClusterRuntime[] {
    return [...this.clusters.values()];
  }

  apply(clusters: readonly Cluster[], assignments: readonly ClusterLoadAssignment[]): void {
    const assignmentOf = new Map(assignments.map((assignment) => [assignment.cluster_name, assignment]));
    const wanted = new Set(clusters.map((cluster) => cluster.name));
    for (const [name, runtime] of this.clusters) {
      if (!wanted.has(name)) {
        this.clusters.delete(name);
        void runtime.close();
      }
    }
    for (const cluster of clusters) {
      let runtime = this.clusters.get(cluster.name);
      if (!runtime) {
        runtime = new ClusterRuntime(cluster, this.stats, this.tls);
        this.clusters.set(cluster.name, runtime);
      }
      runtime.update(cluster, assignmentOf.get(cluster.name));
    }
    this.stats.gauge("cluster_manager.active_clusters").value = this.clusters.size;
  }

  async close(): Promise<void> {
    const clusters = [...this.clusters.values()];
    this.clusters.clear();
    await Promise.all(clusters.map((cluster) => cluster.close()));
  }
}
