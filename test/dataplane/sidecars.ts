/**
 * `mesh up` in-process for data-plane tests: MeshUp on a mesh source the test controls (snapshots it
 * can replace, Cloud Map instances it can list), with endpoints pointing at real upstreams.
 */

import { parseEndpointOverride } from "../../src/dataplane/up/endpoints.js";
import { type ListenerEntry, MeshUp, type UpOptions } from "../../src/dataplane/up/mesh-up.js";
import type { CloudMapInstance, MeshSource } from "../../src/dataplane/up/source.js";
import type { MeshSnapshot } from "../../src/snapshot/snapshot.js";

export class TestSource implements MeshSource {
  private readonly watchers = new Set<() => void>();
  /** Cloud Map instances by `namespace/service`. */
  readonly cloudMap: Record<string, CloudMapInstance[]> = {};

  constructor(private readonly snapshots: Map<string, MeshSnapshot>) {}

  meshes(): string[] {
    return [...this.snapshots.keys()];
  }

  snapshot(mesh: string): MeshSnapshot {
    const snapshot = this.snapshots.get(mesh);
    if (!snapshot)
      throw Object.assign(new Error(`Mesh with name ${mesh} is not present`), { code: "NotFoundException" });
    return snapshot;
  }

  instances(namespace: string, service: string): CloudMapInstance[] {
    return this.cloudMap[`${namespace}/${service}`] ?? [];
  }

  watch(onChange: () => void): () => void {
    this.watchers.add(onChange);
    return () => this.watchers.delete(onChange);
  }

  /** Replaces a mesh (or adds one) and tells the watchers, as a write to the state would. */
  set(snapshot: MeshSnapshot): void {
    this.snapshots.set(snapshot.mesh, snapshot);
    for (const watcher of this.watchers) watcher();
  }
}

export interface Running {
  up: MeshUp;
  source: TestSource;
  listeners(): ListenerEntry[];
  /** The address of a node's or gateway's listener of one role (the first, for ingress). */
  address(node: string, role?: ListenerEntry["role"]): string;
  warnings: string[];
  logs: string[];
  /** Resolves when the listener set is next reported. */
  nextListing(): Promise<ListenerEntry[]>;
  stop(): Promise<void>;
}

export async function runSidecars(
  snapshots: MeshSnapshot[],
  endpoints: Record<string, string | string[]>,
  options: Partial<UpOptions> = {},
): Promise<Running> {
  const source = new TestSource(new Map(snapshots.map((s) => [s.mesh, s])));
  let listing: ListenerEntry[] = [];
  let waiting: ((listing: ListenerEntry[]) => void)[] = [];
  const warnings: string[] = [];
  const logs: string[] = [];
  const up = new MeshUp({
    source,
    meshes: [],
    host: "127.0.0.1",
    endpoints: Object.entries(endpoints).flatMap(([node, list]) =>
      (Array.isArray(list) ? list : [list]).map((address) => parseEndpointOverride(`${node}=${address}`)),
    ),
    resolve: async (hostname) => (/^\d+\.\d+\.\d+\.\d+$/.test(hostname) ? [hostname] : []),
    logSink: (_path, line) => logs.push(line),
    warn: (message) => warnings.push(message),
    onListeners: (entries) => {
      listing = entries;
      const resolved = waiting;
      waiting = [];
      for (const resolve of resolved) resolve(entries);
    },
    ...options,
  });
  try {
    await up.start();
  } catch (error) {
    // As `mesh up` does: what the failed start bound is released.
    await up.stop();
    throw error;
  }
  return {
    up,
    source,
    listeners: () => listing,
    address: (node, role = "egress") => {
      const entry = listing.find((l) => (l.virtualNode ?? l.virtualGateway) === node && l.role === role);
      if (!entry) throw new Error(`no ${role} listener for ${node}`);
      return entry.address;
    },
    warnings,
    logs,
    nextListing: () => new Promise((resolve) => waiting.push(resolve)),
    stop: () => up.stop(),
  };
}

/** Waits until `check` holds (config changes apply asynchronously), up to a bound. */
export async function eventually(check: () => boolean | Promise<boolean>, ms = 3000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
