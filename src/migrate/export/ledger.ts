/**
 * What an export did with every App Mesh field in use. Each leaf of every spec in the snapshot must be
 * accounted for: expressed in the target, or reported as a gap (what App Mesh does there, and what the
 * export did instead). Whatever an exporter leaves unaccounted is reported as a gap too ("not
 * exported"), so nothing is dropped silently.
 */
import { LIST_OF_KIND, type MeshSnapshot } from "../../snapshot/snapshot.js";

export interface Gap {
  /** `VirtualNode catalog-v1`, `Route catalog-router/main`, `Mesh shop`. */
  resource: string;
  /** Where in the resource's spec: `spec.listeners[0].outlierDetection`. */
  path: string;
  /** What App Mesh does with it that the target cannot, or does differently. */
  detail: string;
  /** What the export did instead. */
  instead: string;
}

const LABELS: Record<string, string> = {
  virtualGateway: "VirtualGateway",
  gatewayRoute: "GatewayRoute",
  virtualService: "VirtualService",
  virtualRouter: "VirtualRouter",
  route: "Route",
  virtualNode: "VirtualNode",
};

/** How gaps and the ledger name a resource: `Route catalog-router/main`. */
export function resourceName(kind: string, name: string, parent?: string): string {
  return `${LABELS[kind] ?? kind} ${parent ? `${parent}/` : ""}${name}`;
}

export class Ledger {
  private readonly leaves = new Map<string, Set<string>>();
  private readonly accounted = new Map<string, Set<string>>();
  private readonly found: Gap[] = [];

  constructor(snapshot: MeshSnapshot) {
    this.add(`Mesh ${snapshot.mesh}`, snapshot.meshSpec);
    for (const [kind, list] of Object.entries(LIST_OF_KIND)) {
      for (const resource of snapshot[list] as { name: string; parent?: string; spec: unknown }[]) {
        this.add(resourceName(kind, resource.name, resource.parent), resource.spec);
      }
    }
  }

  /** The target says the same thing: every leaf under `path` is accounted for. */
  expressed(resource: string, path: string): void {
    this.account(resource, path);
  }

  /** The target cannot say it, or says it differently; `path` and the leaves under it are accounted for. */
  gap(resource: string, path: string, detail: string, instead: string): void {
    const same = (g: Gap) => g.resource === resource && g.path === path && g.detail === detail && g.instead === instead;
    if (!this.found.some(same)) this.found.push({ resource, path, detail, instead });
    this.account(resource, path);
  }

  /** The gaps, with every leaf nobody accounted for reported as not exported. */
  gaps(): Gap[] {
    const silent: Gap[] = [];
    for (const [resource, leaves] of this.leaves) {
      const accounted = this.accounted.get(resource) ?? new Set();
      for (const leaf of leaves) {
        if (!accounted.has(leaf)) {
          silent.push({ resource, path: leaf, detail: "not expressible in this target", instead: "not exported" });
        }
      }
    }
    return [...this.found, ...silent];
  }

  private add(resource: string, spec: unknown): void {
    const leaves = new Set<string>();
    const walk = (value: unknown, path: string) => {
      if (Array.isArray(value)) {
        for (const [i, item] of value.entries()) walk(item, `${path}[${i}]`);
      } else if (typeof value === "object" && value !== null) {
        for (const [key, item] of Object.entries(value)) walk(item, `${path}.${key}`);
      } else if (value !== undefined) leaves.add(path);
    };
    walk(spec, "spec");
    this.leaves.set(resource, leaves);
  }

  private account(resource: string, path: string): void {
    const leaves = this.leaves.get(resource);
    if (!leaves) return;
    const accounted = this.accounted.get(resource) ?? new Set<string>();
    this.accounted.set(resource, accounted);
    for (const leaf of leaves) {
      if (leaf === path || leaf.startsWith(`${path}.`) || leaf.startsWith(`${path}[`)) accounted.add(leaf);
    }
  }
}
