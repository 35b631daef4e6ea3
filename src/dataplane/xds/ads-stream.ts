/**
 * One state-of-the-world ADS stream (envoy.service.discovery.v3, "xDS REST and gRPC protocol"): the
 * node is named on the first request; each type has its own subscription (resource names, or all of
 * them when none are named), its own nonces and versions. A request is answered at once when it
 * subscribes to something new or the resources moved on since the last response; an ACK (the version
 * and nonce echoed) is recorded and answered by nothing; a NACK (with `error_detail`) is logged once
 * and that version is not sent again; a request carrying an older nonce is stale and ignored. A
 * Secret the proxy cannot have yet is left out, logged once, and a response that would hold no Secret
 * is not sent: Envoy waits for it, as it did for an ACM certificate App Mesh could not read.
 */
import type { Scope } from "../../emulator/state/scope.js";
import { TYPE_URLS } from "../envoy/names.js";
import type { Built, Fleet, FleetMember, ProxyKey } from "./fleet.js";
import { NODE_ID_FORMS, parseNodeId } from "./node-identity.js";
import { typeOfUrl } from "./proto/envoy-protos.js";
import { type EncodedResource, SECRET_TYPE_URL, SERVED_TYPES, TYPE_NAMES, type TypeUrl } from "./resources.js";
import type { SecretFolder } from "./secrets.js";
import type { TypeStatus } from "./status.js";

/** DiscoveryRequest as @grpc/proto-loader decodes it (field names as in the proto, defaults filled in). */
export interface DiscoveryRequest {
  version_info: string;
  node: { id: string; cluster: string; user_agent_name: string } | null;
  resource_names: string[];
  type_url: string;
  response_nonce: string;
  error_detail: { code: number; message: string } | null;
}

export interface DiscoveryResponse {
  version_info: string;
  resources: { type_url: string; value: Uint8Array }[];
  type_url: string;
  nonce: string;
}

interface Subscription {
  /** Undefined: every resource of the type (a wildcard request). */
  names: string[] | undefined;
  sent?: { version: string; nonce: string; names: string[] | undefined };
  acked?: string;
  nack?: { version: string; message: string };
}

export interface StreamOptions {
  fleet: Fleet;
  /** Where secrets come from, and the log of those that cannot be sent. */
  secrets: SecretFolder;
  /** The scope of ids that carry no account or region: the server's account, the call's SigV4 region. */
  scope: Scope;
  peer: string;
  send(response: DiscoveryResponse): void;
  /** Ends the stream with an error status (an id that names no mesh object). */
  fail(message: string): void;
  log(line: string): void;
}

export class AdsStream implements FleetMember {
  key!: ProxyKey;
  nodeId = "";
  readonly connectedSince = new Date();
  private built: Built | undefined;
  private readonly subscriptions = new Map<string, Subscription>();
  private nonce = 0;
  private lastProblem: string | undefined;

  constructor(private readonly options: StreamOptions) {}

  /** Whether the stream has named its node (and joined the fleet). */
  get joined(): boolean {
    return this.built !== undefined;
  }

  request(request: DiscoveryRequest): void {
    if (!this.built && !this.join(request)) return;
    const typeUrl = request.type_url;
    const subscription = this.subscriptions.get(typeUrl) ?? { names: undefined };
    this.subscriptions.set(typeUrl, subscription);
    const names = request.resource_names.length ? [...request.resource_names].sort() : undefined;
    if (request.response_nonce && request.response_nonce !== subscription.sent?.nonce) return; // stale
    if (subscription.sent && request.response_nonce) {
      if (request.error_detail) {
        const message = request.error_detail.message;
        if (subscription.nack?.version !== subscription.sent.version) {
          this.options.log(
            `mesh serve: xDS: ${this.nodeId} rejected ${TYPE_NAMES[typeUrl as TypeUrl] ?? typeUrl} version ${subscription.sent.version} (NACK): ${message}`,
          );
        }
        subscription.nack = { version: subscription.sent.version, message };
      } else {
        subscription.acked = request.version_info;
        subscription.nack = undefined;
      }
    }
    const namesChanged = String(names) !== String(subscription.names) || !subscription.sent;
    subscription.names = names;
    if (namesChanged || this.behind(typeUrl, subscription)) this.respond(typeUrl, subscription);
  }

  /** A change in the mesh or Cloud Map moved this proxy's resources on. */
  update(built: Built): void {
    this.built = built;
    this.report(built);
    for (const [typeUrl, subscription] of this.subscriptions) {
      if (!subscription.sent || this.behind(typeUrl, subscription)) this.respond(typeUrl, subscription);
    }
  }

  close(): void {
    if (this.built) this.options.fleet.leave(this);
  }

  /** What proxy-status shows for each type this stream subscribes to. */
  status(): { problem?: string; types: TypeStatus[] } {
    const built = this.built;
    const types = [...this.subscriptions].map(([typeUrl, s]) => {
      const current = built && "resources" in built ? built.resources.get(typeUrl as TypeUrl)?.version : undefined;
      return {
        type: TYPE_NAMES[typeUrl as TypeUrl] ?? typeUrl,
        sent: s.sent?.version ?? null,
        acked: s.acked ?? null,
        current: current ?? null,
        ...(s.nack ? { nack: s.nack } : {}),
      };
    });
    return { ...(built && "problem" in built ? { problem: built.problem } : {}), types };
  }

  private join(request: DiscoveryRequest): boolean {
    const node = request.node;
    if (!node?.id) {
      this.options.fail("the first DiscoveryRequest of a stream must name its node (node.id)");
      return false;
    }
    const identity = parseNodeId(node.id);
    if (!identity) {
      const message = `node id "${node.id}" names no App Mesh virtual node or gateway; expected ${NODE_ID_FORMS}`;
      this.options.log(`mesh serve: xDS: ${this.options.peer}: ${message}`);
      this.options.fail(message);
      return false;
    }
    this.nodeId = node.id;
    const scope = {
      account: identity.account ?? this.options.scope.account,
      region: identity.region ?? this.options.scope.region,
    };
    // Envoy says "envoy"; gRPC libraries say "gRPC Node", "grpc-go", "gRPC C-core"…
    const proxyless = /^grpc/i.test(node.user_agent_name);
    this.key = { scope, identity, proxyless };
    this.built = this.options.fleet.join(this);
    this.report(this.built);
    return true;
  }

  /** Logs when the proxy cannot be served, and when it can again: an unknown node is never silence. */
  private report(built: Built): void {
    const problem = "problem" in built ? built.problem : undefined;
    if (problem === this.lastProblem) return;
    if (problem) {
      this.options.log(
        `mesh serve: xDS: ${this.nodeId} (from ${this.options.peer}): ${problem}; its requests wait until that changes`,
      );
    } else if (this.lastProblem) {
      this.options.log(`mesh serve: xDS: ${this.nodeId}: configuration available, serving it`);
    }
    this.lastProblem = problem;
  }

  private behind(typeUrl: string, subscription: Subscription): boolean {
    const version = this.typeSet(typeUrl)?.version;
    if (version === undefined || version === subscription.sent?.version) return false;
    return version !== subscription.nack?.version;
  }

  private typeSet(typeUrl: string) {
    const built = this.built;
    if (!built || "problem" in built) return undefined;
    return built.resources.get(typeUrl as TypeUrl);
  }

  private respond(typeUrl: string, subscription: Subscription): void {
    const set = this.typeSet(typeUrl);
    const known = SERVED_TYPES.includes(typeUrl as TypeUrl);
    if (!set && known) return; // nothing to serve yet (an unknown node): answered once it exists
    const version = set?.version ?? "";
    const resources: EncodedResource[] = [];
    const all = set?.resources ?? new Map<string, EncodedResource>();
    if (subscription.names === undefined) resources.push(...all.values());
    else {
      for (const name of subscription.names) {
        const resource = all.get(name) ?? (typeUrl === TYPE_URLS.loadAssignment ? noEndpoints(name) : undefined);
        if (resource) resources.push(resource);
        else if (typeUrl === SECRET_TYPE_URL) this.unheldSecret(name);
      }
    }
    if (typeUrl === SECRET_TYPE_URL && resources.length === 0) return;
    const nonce = String(++this.nonce);
    subscription.sent = { version, nonce, names: subscription.names };
    this.options.send({
      version_info: version,
      resources: resources.map((r) => ({ type_url: typeUrl, value: r.bytes })),
      type_url: typeUrl,
      nonce,
    });
  }

  /** Says once why a Secret the proxy asked for is not sent, where its spec names it, and what is missing. */
  private unheldSecret(name: string): void {
    const built = this.built;
    if (!built || "problem" in built) return;
    const { mesh, kind, name: proxy } = this.key.identity;
    const unheld = built.unheld.get(name);
    const where = unheld ? ` at ${unheld.paths.join(", ")}` : ", whose spec does not name it";
    const why = unheld?.why ?? "only the ACM certificates and trusts of a proxy's spec are sent to it";
    this.options.secrets.logOnce(
      name,
      `mesh serve: xDS: secret ${name}, asked for by ${this.nodeId} (mesh/${mesh}/${kind}/${proxy}${where}), is not sent: ${why}; Envoy waits for it`,
    );
  }
}

/**
 * Endpoints for a cluster this server knows nothing of (the image's own `local_cluster`): an empty
 * assignment, so the cluster leaves warming and Envoy becomes LIVE instead of waiting forever.
 */
function noEndpoints(name: string): EncodedResource {
  const type = typeOfUrl(TYPE_URLS.loadAssignment);
  return { name, bytes: type.encode(type.create({ cluster_name: name })).finish() };
}
