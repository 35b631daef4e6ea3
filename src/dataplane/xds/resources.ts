/**
 * One proxy's configuration as xDS resources: each Envoy-shaped object of the EnvoyConfig encoded as
 * the protobuf message of its type (checked against Envoy's rules on the way), grouped by type URL,
 * each group with a version of its own (a digest of its content, so a version changes exactly when
 * the resources of that type do, and survives a restart of the server).
 */
import { createHash } from "node:crypto";
import type { EnvoyConfig } from "../envoy/config.js";
import { TYPE_URLS } from "../envoy/names.js";
import { typeOfUrl } from "./proto/envoy-protos.js";
import { fromProtoJson } from "./proto/from-json.js";
import type { Secret } from "./secrets.js";

export const SECRET_TYPE_URL = "type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.Secret";

/** The types served, in the order App Mesh's Envoy asks for them and a client applies them. */
export const SERVED_TYPES = [
  TYPE_URLS.cluster,
  TYPE_URLS.loadAssignment,
  TYPE_URLS.listener,
  TYPE_URLS.routeConfiguration,
  SECRET_TYPE_URL,
] as const;

export type TypeUrl = (typeof SERVED_TYPES)[number];

/** Short names for logs and proxy-status. */
export const TYPE_NAMES: Record<TypeUrl, string> = {
  [TYPE_URLS.cluster]: "CDS",
  [TYPE_URLS.loadAssignment]: "EDS",
  [TYPE_URLS.listener]: "LDS",
  [TYPE_URLS.routeConfiguration]: "RDS",
  [SECRET_TYPE_URL]: "SDS",
};

export interface EncodedResource {
  name: string;
  bytes: Uint8Array;
}

export interface TypeSet {
  version: string;
  resources: ReadonlyMap<string, EncodedResource>;
}

export type ProxyResources = ReadonlyMap<TypeUrl, TypeSet>;

/**
 * Encodings already made, by JSON text: proxies of one mesh share most clusters and endpoints, and a
 * change leaves most resources as they were. One generation per rebuild, which takes over what it
 * uses of the one before and then lets the rest go.
 */
export class EncodeMemo {
  private readonly entries = new Map<string, Uint8Array>();

  constructor(private previous?: EncodeMemo) {}

  get(text: string): Uint8Array | undefined {
    let bytes = this.entries.get(text);
    if (!bytes) {
      bytes = this.previous?.entries.get(text);
      if (bytes) this.entries.set(text, bytes);
    }
    return bytes;
  }

  set(text: string, bytes: Uint8Array): void {
    this.entries.set(text, bytes);
  }

  /** Drops the generation before: what this one did not take over is no longer needed. */
  settle(): void {
    this.previous = undefined;
  }
}

/** The config's resources, with the secrets it points at over ADS that can be sent. */
export function encodeConfig(
  config: EnvoyConfig,
  memo = new EncodeMemo(),
  secrets: readonly Secret[] = [],
): ProxyResources {
  const named: Record<TypeUrl, { name: string; json: object }[]> = {
    [TYPE_URLS.cluster]: config.clusters.map((c) => ({ name: c.name, json: c })),
    [TYPE_URLS.loadAssignment]: config.loadAssignments.map((a) => ({ name: a.cluster_name, json: a })),
    [TYPE_URLS.listener]: [...config.listeners, ...(config.apiListeners ?? [])].map((l) => ({ name: l.name, json: l })),
    [TYPE_URLS.routeConfiguration]: config.routeConfigurations.map((r) => ({ name: r.name, json: r })),
    [SECRET_TYPE_URL]: secrets.map((s) => ({ name: s.name, json: s })),
  };
  const sets = new Map<TypeUrl, TypeSet>();
  for (const typeUrl of SERVED_TYPES) {
    const type = typeOfUrl(typeUrl);
    const resources = new Map<string, EncodedResource>();
    const digest = createHash("sha256");
    for (const { name, json } of [...named[typeUrl]].sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const text = JSON.stringify(json);
      let bytes = memo.get(text);
      if (!bytes) {
        bytes = type.encode(fromProtoJson(type, json, `${type.name} ${name}`)).finish();
        memo.set(text, bytes);
      }
      resources.set(name, { name, bytes });
      digest.update(name).update("\0").update(bytes).update("\0");
    }
    sets.set(typeUrl, { version: digest.digest("hex").slice(0, 16), resources });
  }
  return sets;
}
