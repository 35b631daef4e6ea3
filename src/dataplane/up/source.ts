/**
 * What `mesh up` reads the mesh through. The command builds it over the local state (one composition
 * root), so the data plane never opens the state itself, and its errors stay the CLI's.
 */
import type { MeshSnapshot } from "../../snapshot/snapshot.js";

export interface CloudMapInstance {
  ipv4?: string;
  ipv6?: string;
  port?: number;
}

export interface MeshSource {
  /** Every mesh of the account and region. */
  meshes(): string[];
  /** One mesh, whole; throws when it does not exist. */
  snapshot(mesh: string): MeshSnapshot;
  /** The healthy instances of a Cloud Map service whose attributes include `attributes`. */
  instances(namespace: string, service: string, attributes: Record<string, string>): CloudMapInstance[];
  /** Calls `onChange` after every write to the state; returns the function that stops it. */
  watch(onChange: () => void): () => void;
}
