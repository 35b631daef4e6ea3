/**
 * The configurations of the connected proxies, one per mesh object (and client kind), built by the one
 * translation with App Mesh's placement and kept current: on every change to the state (App Mesh or
 * Cloud Map, from any process) or to the secrets folder each is built again, and only the streams whose
 * resources changed are told, with the types that changed.
 */
import type { State } from "../../emulator/open.js";
import type { Scope } from "../../emulator/state/scope.js";
import type { MeshSnapshot } from "../../snapshot/snapshot.js";
import { instanceAddress, ipPreferenceOf } from "../translate/ip-preference.js";
import { appMeshPlacement, type TargetEndpoints } from "../translate/placement.js";
import { type AdsSecret, adsSecretsOf } from "../translate/tls.js";
import { translate } from "../translate/translate.js";
import type { NodeIdentity } from "./node-identity.js";
import { EncodeMemo, encodeConfig, type ProxyResources } from "./resources.js";
import type { Secret, SecretFolder, SecretRead } from "./secrets.js";

export interface ProxyKey {
  scope: Scope;
  identity: NodeIdentity;
  /** A gRPC application (gRPC's xDS resolver) rather than Envoy. */
  proxyless: boolean;
}

/** A secret the proxy's spec uses that cannot be sent: where the spec names it, and why. */
export interface Unheld {
  paths: string[];
  why: string;
}

export type Built = { resources: ProxyResources; unheld: ReadonlyMap<string, Unheld> } | { problem: string };

export interface FleetMember {
  key: ProxyKey;
  /** Called after a change with the new build (only when some type's version changed, or it failed). */
  update(built: Built): void;
}

interface Entry {
  key: ProxyKey;
  built: Built;
  members: Set<FleetMember>;
}

export class Fleet {
  private readonly entries = new Map<string, Entry>();
  private readonly unwatch: () => void;
  private readonly unwatchSecrets: () => void;
  private pending: NodeJS.Immediate | undefined;
  /** The encodings of the last rebuild, for the next one to reuse. */
  private memo = new EncodeMemo();

  constructor(
    private readonly state: State,
    private readonly secrets: SecretFolder,
  ) {
    this.unwatch = state.watch(() => this.changed());
    this.unwatchSecrets = secrets.watch(() => this.changed());
  }

  /** Adds a member; returns its current build. */
  join(member: FleetMember): Built {
    const id = keyOf(member.key);
    let entry = this.entries.get(id);
    if (!entry) {
      entry = {
        key: member.key,
        built: new Builder(this.state, this.memo, this.secrets).build(member.key),
        members: new Set(),
      };
      this.entries.set(id, entry);
    }
    entry.members.add(member);
    return entry.built;
  }

  leave(member: FleetMember): void {
    const id = keyOf(member.key);
    const entry = this.entries.get(id);
    entry?.members.delete(member);
    if (entry && entry.members.size === 0) this.entries.delete(id);
  }

  close(): void {
    this.unwatch();
    this.unwatchSecrets();
    if (this.pending) clearImmediate(this.pending);
  }

  /** Writes come in bursts (a script, a transaction per resource): one rebuild per turn of the event loop. */
  private changed(): void {
    this.pending ??= setImmediate(() => {
      this.pending = undefined;
      this.refresh();
    });
  }

  private refresh(): void {
    const memo = new EncodeMemo(this.memo);
    const builder = new Builder(this.state, memo, this.secrets);
    for (const entry of this.entries.values()) {
      const before = entry.built;
      const after = builder.build(entry.key);
      entry.built = after;
      if (!sameVersions(before, after)) for (const member of entry.members) member.update(after);
    }
    memo.settle();
    this.memo = memo;
  }
}

/**
 * One pass over the state: snapshots, Cloud Map look-ups and secret files read once, encodings shared
 * across proxies.
 */
class Builder {
  private readonly snapshots = new Map<string, MeshSnapshot | Error>();
  private readonly secretReads = new Map<string, SecretRead>();

  constructor(
    private readonly state: State,
    private readonly memo: EncodeMemo,
    private readonly secrets: SecretFolder,
  ) {}

  /** The proxy's resources, or why there are none: it does not exist, or its configuration cannot be built. */
  build(key: ProxyKey): Built {
    try {
      return this.translated(key);
    } catch (error) {
      return { problem: `its configuration cannot be built: ${(error as Error).message}` };
    }
  }

  private translated(key: ProxyKey): Built {
    const { scope, identity } = key;
    const snapshot = this.snapshot(scope, identity.mesh);
    if (snapshot instanceof Error) return { problem: unknownMesh(this.state, scope, identity.mesh) };
    const known = identity.kind === "virtualNode" ? snapshot.virtualNodes : snapshot.virtualGateways;
    const spec = known.find((resource) => resource.name === identity.name)?.spec;
    if (!spec) return { problem: unknownProxy(snapshot, identity) };
    const config = translate({
      snapshot,
      proxy: { kind: identity.kind, name: identity.name },
      placement: appMeshPlacement((node, port) => this.endpoints(scope, snapshot, node, port)),
      proxyless: key.proxyless,
    });
    const { held, unheld } = this.secretsOf(adsSecretsOf(spec));
    return { resources: encodeConfig(config, this.memo, held), unheld };
  }

  /** The proxy's ACM secrets: those the folder holds, and where and why the others are not. */
  private secretsOf(used: AdsSecret[]): { held: Secret[]; unheld: Map<string, Unheld> } {
    const held = new Map<string, Secret>();
    const unheld = new Map<string, Unheld>();
    for (const { name, kind, path } of used) {
      let read = this.secretReads.get(name);
      if (!read) {
        read = this.secrets.read(name, kind);
        this.secretReads.set(name, read);
      }
      if ("secret" in read) held.set(name, read.secret);
      else {
        const entry = unheld.get(name) ?? { paths: [], why: read.unheld };
        entry.paths.push(path);
        unheld.set(name, entry);
      }
    }
    return { held: [...held.values()], unheld };
  }

  private snapshot(scope: Scope, mesh: string): MeshSnapshot | Error {
    const id = `${scope.account}/${scope.region}/${mesh}`;
    let snapshot = this.snapshots.get(id);
    if (!snapshot) {
      try {
        snapshot = this.state.snapshot(scope, mesh);
      } catch (error) {
        snapshot = error as Error;
      }
      this.snapshots.set(id, snapshot);
    }
    return snapshot;
  }

  /** A target node's endpoints as App Mesh found them: its DNS name, or its healthy Cloud Map instances. */
  private endpoints(scope: Scope, snapshot: MeshSnapshot, node: string, port: number): TargetEndpoints {
    const spec = snapshot.virtualNodes.find((resource) => resource.name === node)?.spec;
    const dns = spec?.serviceDiscovery?.dns;
    if (dns?.hostname) return { type: "dns", hostname: dns.hostname, responseType: dns.responseType ?? "LOADBALANCER" };
    const cloudMap = spec?.serviceDiscovery?.awsCloudMap;
    if (!cloudMap) return { type: "static", addresses: [] };
    const attributes = Object.fromEntries((cloudMap.attributes ?? []).map((a) => [a.key ?? "", a.value ?? ""]));
    try {
      const instances = this.state
        .cloudMap(scope)
        .endpoints(cloudMap.namespaceName ?? "", cloudMap.serviceName ?? "", attributes);
      const preference = ipPreferenceOf(snapshot.meshSpec, spec);
      return {
        type: "static",
        addresses: instances.flatMap((instance) => {
          const address = instanceAddress(instance, preference);
          return address === undefined ? [] : [{ address, port_value: instance.port ?? port }];
        }),
      };
    } catch {
      return { type: "static", addresses: [] }; // no such namespace or service (yet): no endpoints
    }
  }
}

function keyOf(key: ProxyKey): string {
  const { scope, identity } = key;
  return [scope.account, scope.region, identity.mesh, identity.kind, identity.name, key.proxyless].join("/");
}

function sameVersions(a: Built, b: Built): boolean {
  if ("problem" in a || "problem" in b) return "problem" in a && "problem" in b && a.problem === b.problem;
  return [...a.resources].every(([type, set]) => b.resources.get(type)?.version === set.version);
}

function unknownMesh(state: State, scope: Scope, mesh: string): string {
  const meshes = state.meshes(scope);
  return `mesh ${mesh} does not exist in account ${scope.account}, region ${scope.region}; ${
    meshes.length ? `its meshes: ${meshes.join(", ")}` : "it has no meshes"
  }`;
}

function unknownProxy(snapshot: MeshSnapshot, identity: NodeIdentity): string {
  const kind = identity.kind === "virtualNode" ? "virtual node" : "virtual gateway";
  const names = (identity.kind === "virtualNode" ? snapshot.virtualNodes : snapshot.virtualGateways).map((r) => r.name);
  return `${kind} ${identity.name} does not exist in mesh ${snapshot.mesh}; its ${kind}s: ${names.length ? names.join(", ") : "none"}`;
}
