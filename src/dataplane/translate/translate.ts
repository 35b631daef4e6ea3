/**
 * The one translation from a mesh to Envoy's config, for one proxy: a pure function of a mesh snapshot
 * and a placement (where the proxy's listeners are and how it reaches its targets). `mesh up`'s proxy
 * runs from its result, `/config_dump` shows it, the xDS server sends it to real Envoy, and
 * `mesh explain` routes requests through it: they cannot drift apart.
 */
import { createHash } from "node:crypto";
import { stableJson } from "../../model/stable-json.js";
import { SnapshotLookup } from "../../snapshot/lookup.js";
import type { MeshSnapshot } from "../../snapshot/snapshot.js";
import type { AccessLog } from "../envoy/access-log.js";
import type { SocketAddress } from "../envoy/common.js";
import type { EnvoyConfig } from "../envoy/config.js";
import { egress } from "./egress.js";
import { gateway } from "./gateway.js";
import { ipPreferenceOf } from "./ip-preference.js";
import { accessLogOf } from "./listeners.js";
import { ingress } from "./node-ingress.js";
import type { Placement } from "./placement.js";
import { forGrpcClients } from "./proxyless.js";
import { Resources } from "./resources.js";
import { clientPoliciesOf } from "./tls.js";

export interface ProxyIdentity {
  kind: "virtualNode" | "virtualGateway";
  name: string;
}

export interface TranslateInput {
  snapshot: MeshSnapshot;
  proxy: ProxyIdentity;
  placement: Placement;
  /** The admin listener (not part of xDS; `mesh up` and bootstraps give one). */
  admin?: SocketAddress;
  /** An access log every connection manager writes besides the node's own (`mesh up --access-log`). */
  accessLog?: AccessLog;
  /** The node's "proxy" is a gRPC application using gRPC's xDS resolver (see proxyless.ts). */
  proxyless?: boolean;
}

export class TranslateError extends Error {
  override readonly name = "TranslateError";
}

/** The spec needs certificates the placement cannot give (`mesh up`: ACM, SDS); `problems` name each with its path. */
export class UnavailableLocallyError extends TranslateError {
  constructor(readonly problems: string[]) {
    super(problems.join("; "));
  }
}

export function translate(input: TranslateInput): EnvoyConfig {
  const { snapshot, proxy, placement } = input;
  const lookup = new SnapshotLookup(snapshot);
  const id = `mesh/${snapshot.mesh}/${proxy.kind}/${proxy.name}`;
  const resources = new Resources();
  const extra = input.accessLog ? [input.accessLog] : [];
  if (proxy.kind === "virtualNode") {
    const node = lookup.virtualNodes.get(proxy.name);
    if (!node) throw new TranslateError(`virtual node ${proxy.name} does not exist in mesh ${snapshot.mesh}`);
    const accessLog = [...accessLogOf(node.spec.logging?.accessLog), ...extra];
    const backends = (node.spec.backends ?? []).flatMap((b) => b.virtualService?.virtualServiceName ?? []);
    const preference = ipPreferenceOf(snapshot.meshSpec, node.spec);
    ingress(resources, snapshot.mesh, proxy.name, node.spec, preference, placement, accessLog);
    const policies = clientPoliciesOf(node.spec);
    const owner = { kind: "virtualNode" as const, name: proxy.name, backends, policies, ipPreference: preference };
    egress(resources, lookup, owner, placement, accessLog);
  } else {
    const found = lookup.virtualGateways.get(proxy.name);
    if (!found) throw new TranslateError(`virtual gateway ${proxy.name} does not exist in mesh ${snapshot.mesh}`);
    const accessLog = [...accessLogOf(found.spec.logging?.accessLog), ...extra];
    const targets = gateway(resources, lookup, proxy.name, found.spec, placement, accessLog);
    const owner = { kind: "virtualGateway" as const, name: proxy.name, backends: targets };
    egress(resources, lookup, { ...owner, policies: clientPoliciesOf(found.spec) }, placement, accessLog);
  }
  if (resources.unavailable.length) throw new UnavailableLocallyError(resources.unavailable);
  const sidecar = {
    listeners: resources.listeners,
    routeConfigurations: resources.routes,
    clusters: [...resources.clusters.values()],
    loadAssignments: resources.assignments,
  };
  const content = input.proxyless ? forGrpcClients(sidecar) : sidecar;
  const version = createHash("sha256").update(stableJson(content)).digest("hex").slice(0, 16);
  const config: EnvoyConfig = {
    node: { id, cluster: id },
    version,
    ...(input.admin ? { admin: { address: { socket_address: input.admin } } } : {}),
    ...content,
  };
  return deepFreeze(config);
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
