/**
 * The App Mesh control plane, emulated: every operation of the API on top of an AppMeshStore. Inputs and
 * outputs are the SDK's shapes (model member names, timestamps as Date), so the CLI's local backend
 * and the HTTP server call the very same code. Time and ids come from outside, so tests can pin them.
 */
import { appmesh } from "../../model/generated/appmesh.js";
import { operationByName } from "../../model/models.js";
import { referencesOf, refersTo } from "../../model/references.js";
import { arnOf, KINDS, type Kind, type KindId, parseOperationName } from "../../model/resources.js";
import { stableJson } from "../../model/stable-json.js";
import type { Operation } from "../../model/types.js";
import { checkInput, errorsOf } from "../../validate/check-input.js";
import { formatValidationReport } from "../../validate/params.js";
import { serviceMessage } from "../../validate/problem.js";
import { checkGatewayRouteInMesh, checkRouteInMesh, type MeshView } from "../../validate/rules/mesh-view.js";
import { Findings } from "../../validate/rules/rule.js";
import { appMeshError } from "./errors.js";
import { decodePageToken, encodePageToken, pageLimit } from "./paging.js";
import { BACKENDS_PER_VIRTUAL_NODE, DEFAULT_QUOTAS, QUOTA_OF, type Quotas } from "./quotas.js";
import type { AppMeshStore, ResourceKey, ResourceRow, Scope } from "./store.js";
import { listTags, tagResource, untagResource } from "./tags.js";

export type Params = Record<string, unknown>;
export type Output = Record<string, unknown>;

export interface EmulatorOptions {
  store: AppMeshStore;
  scope: Scope;
  /** Epoch milliseconds. */
  now?: () => number;
  newId?: () => string;
  quotas?: Partial<Quotas>;
}

type Json = Record<string, unknown>;

export class AppMeshEmulator {
  private readonly store: AppMeshStore;
  private readonly scope: Scope;
  private readonly now: () => number;
  private readonly newId: () => string;
  private readonly quotas: Quotas;

  constructor(options: EmulatorOptions) {
    this.store = options.store;
    this.scope = options.scope;
    this.now = options.now ?? Date.now;
    this.newId = options.newId ?? (() => crypto.randomUUID());
    this.quotas = { ...DEFAULT_QUOTAS, ...options.quotas };
  }

  /** Runs one API operation (`CreateMesh`, …) and returns its output, or throws a ServiceError. */
  call(operation: string, input: Params): Output {
    const op = operationByName(appmesh, operation);
    if (!op) throw appMeshError("BadRequestException", `Unknown operation ${operation}`);
    const check = checkInput(appmesh, op, input);
    if (check.client.length) {
      throw appMeshError(
        "BadRequestException",
        formatValidationReport(check.client.map((p) => p.botocore ?? p.message)),
      );
    }
    const refused = errorsOf(check.service);
    if (refused.length) throw appMeshError("BadRequestException", serviceMessage(refused));
    switch (operation) {
      case "TagResource":
        return this.store.write(() => tagResource(this.store, this.scope, input, this.quotas.tagsPerResource));
      case "UntagResource":
        return this.store.write(() => untagResource(this.store, this.scope, input));
      case "ListTagsForResource":
        return this.store.read(() => listTags(this.store, this.scope, input));
    }
    const parsed = parseOperationName(operation);
    if (!parsed) throw appMeshError("BadRequestException", `Unknown operation ${operation}`);
    const { verb, kind } = parsed;
    switch (verb) {
      case "Create":
        return this.store.write(() => this.create(operation, kind, input));
      case "Describe":
        return this.store.read(() => ({ [kind.id]: this.resourceData(kind, this.require(kind, input)) }));
      case "Update":
        return this.store.write(() => this.update(operation, kind, input));
      case "Delete":
        return this.store.write(() => this.remove(kind, input));
      case "List":
        return this.store.read(() => this.list(kind, resultKeyOf(op), input));
    }
  }

  private create(operation: string, kind: Kind, input: Params): Output {
    const mesh = String(input.meshName);
    const meshRow = kind.id === "mesh" ? undefined : this.requireMesh(input);
    const parent = kind.parent ? this.requireParent(kind, input).name : "";
    const name = String(input[kind.nameMember]);
    if (name.includes("/")) {
      // A slash would make one resource's ARN another's (a router named `r/route/x`).
      throw appMeshError("BadRequestException", `${kind.nameMember}: "${name}" cannot contain "/"`);
    }
    const replay = this.replay(operation, input);
    if (replay) return { [kind.id]: this.resourceData(kind, replay) };
    if (this.store.get(this.scope, { kind: kind.id, mesh, parent, name })) {
      throw appMeshError(
        "ConflictException",
        `${kind.label} with name ${name} already exists${this.where(kind, mesh, parent)}`,
      );
    }
    const filter = kind.id === "mesh" ? { kind: kind.id } : { kind: kind.id, mesh, parent };
    const quota = this.quotas[QUOTA_OF[kind.id]];
    if (this.store.count(this.scope, filter) >= quota) {
      throw appMeshError(
        "LimitExceededException",
        `${kind.label} limit of ${quota} reached${kind.id === "mesh" ? ` for account ${this.scope.account}` : this.where(kind, mesh, parent)}`,
      );
    }
    const spec = (input.spec as Json | undefined) ?? {};
    checkBackends(kind, name, spec);
    this.checkReferences(kind, mesh, spec, parent);
    const owner = meshRow?.meshOwner ?? this.scope.account;
    const at = this.now();
    const row: ResourceRow = {
      kind: kind.id,
      mesh,
      parent,
      name,
      arn: arnOf(this.scope.region, this.scope.account, kind, mesh, parent, name),
      uid: this.newId(),
      meshOwner: owner,
      resourceOwner: this.scope.account,
      createdAt: at,
      lastUpdatedAt: at,
      version: 1,
      spec,
      tags: (input.tags as ResourceRow["tags"] | undefined) ?? [],
    };
    if (row.tags.length > this.quotas.tagsPerResource) {
      throw appMeshError("TooManyTagsException", `A resource can have at most ${this.quotas.tagsPerResource} tags`);
    }
    this.store.insert(this.scope, row);
    this.remember(operation, input, row.arn);
    return { [kind.id]: this.resourceData(kind, row) };
  }

  private update(operation: string, kind: Kind, input: Params): Output {
    const row = this.require(kind, input);
    const replay = this.replay(operation, input);
    if (replay) return { [kind.id]: this.resourceData(kind, replay) };
    const spec = (input.spec as Json | undefined) ?? row.spec;
    checkBackends(kind, row.name, spec);
    this.checkReferences(kind, row.mesh, spec, row.parent);
    // Written by the key the caller named, as it was found by, never by the copy read back.
    const updated: ResourceRow = {
      ...row,
      ...this.keyOf(kind, input),
      spec,
      version: row.version + 1,
      lastUpdatedAt: this.now(),
    };
    this.store.update(this.scope, updated);
    this.remember(operation, input, row.arn);
    return { [kind.id]: this.resourceData(kind, updated) };
  }

  private remove(kind: Kind, input: Params): Output {
    const row = this.require(kind, input);
    const blocker = this.deleteBlocker(kind, row);
    if (blocker) throw appMeshError("ResourceInUseException", blocker);
    this.store.remove(this.scope, this.keyOf(kind, input));
    return { [kind.id]: this.resourceData(kind, row, "DELETED") };
  }

  private list(kind: Kind, resultKey: string, input: Params): Output {
    const mesh = kind.id === "mesh" ? undefined : this.requireMesh(input).name;
    const parent = kind.parent ? this.requireParent(kind, input).name : undefined;
    const limit = pageLimit(input.limit, 100);
    const after = decodePageToken(input.nextToken);
    const rows = this.store.list(
      this.scope,
      { kind: kind.id, mesh, parent: mesh === undefined ? undefined : (parent ?? "") },
      after,
      limit + 1,
    );
    const page = rows.slice(0, limit);
    const output: Output = { [resultKey]: page.map((row) => this.resourceRef(kind, row)) };
    const last = page.at(-1);
    if (rows.length > limit && last) output.nextToken = encodePageToken(last.name);
    return output;
  }

  /** Why this resource cannot be deleted now, or undefined when it can. */
  private deleteBlocker(kind: Kind, row: ResourceRow): string | undefined {
    const self = { kind: kind.id, name: row.name };
    const referrers = (from: KindId) =>
      this.store
        .list(this.scope, { kind: from, mesh: row.mesh }, null, -1)
        .filter((other) => refersTo(from, other.spec, self));
    switch (kind.id) {
      case "mesh": {
        const children = (["virtualService", "virtualRouter", "virtualNode", "virtualGateway"] as const).filter(
          (child) => this.store.count(this.scope, { kind: child, mesh: row.name }) > 0,
        );
        if (children.length === 0) return undefined;
        const names = children.map((child) => KINDS[child].plural).join(", ");
        return `Mesh with name ${row.name} cannot be deleted because it still contains ${names}`;
      }
      case "virtualRouter": {
        if (this.store.count(this.scope, { kind: "route", mesh: row.mesh, parent: row.name }) > 0) {
          return `VirtualRouter with name ${row.name} cannot be deleted because it has one or more routes.`;
        }
        if (referrers("virtualService").length > 0) {
          return `VirtualRouter with name ${row.name} cannot be deleted because it is a VirtualService provider`;
        }
        return undefined;
      }
      case "virtualNode": {
        if (referrers("route").length > 0) {
          return `VirtualNode with name ${row.name} cannot be deleted because it is the target of one or more routes.`;
        }
        if (referrers("virtualService").length > 0) {
          return `VirtualNode with name ${row.name} cannot be deleted because it is a VirtualService provider`;
        }
        return undefined;
      }
      case "virtualService": {
        const routes = referrers("gatewayRoute");
        if (routes.length === 0) return undefined;
        return `VirtualService ${row.name} is being referenced in the following: GATEWAY_ROUTE: [${routes.map((r) => r.uid).join(", ")}]`;
      }
      case "virtualGateway": {
        if (this.store.count(this.scope, { kind: "gatewayRoute", mesh: row.mesh, parent: row.name }) === 0)
          return undefined;
        return `VirtualGateway with name ${row.name} cannot be deleted because it has one or more gateway routes.`;
      }
      default:
        return undefined;
    }
  }

  /** The resources a spec names must exist, and a route must fit its router and its targets. */
  private checkReferences(kind: Kind, mesh: string, spec: Json, parent: string): void {
    for (const ref of referencesOf(kind.id, spec)) {
      if (!this.store.get(this.scope, { kind: ref.kind, mesh, parent: "", name: ref.name })) {
        throw appMeshError("NotFoundException", this.missing(KINDS[ref.kind], ref.name, mesh, ""));
      }
    }
    if (kind.id !== "route" && kind.id !== "gatewayRoute") return;
    const view = this.meshView(mesh);
    const findings = new Findings();
    if (kind.id === "route") checkRouteInMesh(findings, spec, view.virtualRouter(parent) ?? {}, view);
    else checkGatewayRouteInMesh(findings, spec, view.virtualGateway(parent) ?? {}, view);
    const refused = errorsOf(findings.problems);
    if (refused.length) throw appMeshError("BadRequestException", serviceMessage(refused));
  }

  private meshView(mesh: string): MeshView {
    const spec = (kind: KindId) => (name: string) => this.store.get(this.scope, { kind, mesh, parent: "", name })?.spec;
    return {
      virtualNode: spec("virtualNode"),
      virtualRouter: spec("virtualRouter"),
      virtualService: spec("virtualService"),
      virtualGateway: spec("virtualGateway"),
    };
  }

  /** The mesh named by the input, checked against `meshOwner` when one is given. */
  private requireMesh(input: Params): ResourceRow {
    const name = String(input.meshName);
    const row = this.store.get(this.scope, { kind: "mesh", mesh: name, parent: "", name });
    if (!row) throw appMeshError("NotFoundException", this.missing(KINDS.mesh, name, name, ""));
    const owner = input.meshOwner;
    if (owner !== undefined && owner !== row.meshOwner) {
      throw appMeshError(
        "ForbiddenException",
        `Account ${this.scope.account} has no access to mesh ${name} of owner ${String(owner)}`,
      );
    }
    return row;
  }

  private requireParent(kind: Kind, input: Params): ResourceRow {
    const parentKind = KINDS[kind.parent ?? "mesh"];
    const mesh = String(input.meshName);
    const name = String(input[parentKind.nameMember]);
    const row = this.store.get(this.scope, { kind: parentKind.id, mesh, parent: "", name });
    if (!row) throw appMeshError("NotFoundException", this.missing(parentKind, name, mesh, ""));
    return row;
  }

  /** The resource an input names, after checking its mesh and parent exist. */
  private require(kind: Kind, input: Params): ResourceRow {
    const mesh = this.requireMesh(input);
    if (kind.id === "mesh") return mesh;
    if (kind.parent) this.requireParent(kind, input);
    const key = this.keyOf(kind, input);
    const row = this.store.get(this.scope, key);
    if (!row) throw appMeshError("NotFoundException", this.missing(kind, key.name, key.mesh, key.parent));
    return row;
  }

  /** The key of the resource an input names, exactly as the caller gave it. */
  private keyOf(kind: Kind, input: Params): ResourceKey {
    const mesh = String(input.meshName);
    const parent = kind.parent ? String(input[KINDS[kind.parent].nameMember]) : "";
    return { kind: kind.id, mesh, parent, name: kind.id === "mesh" ? mesh : String(input[kind.nameMember]) };
  }

  private missing(kind: Kind, name: string, mesh: string, parent: string): string {
    if (kind.id === "mesh") return `Mesh with name ${name} is not present for account ${this.scope.account}`;
    return `${kind.label} with name ${name} is not present${this.where(kind, mesh, parent)} for account ${this.scope.account}`;
  }

  private where(kind: Kind, mesh: string, parent: string): string {
    if (kind.id === "mesh") return "";
    const under = kind.parent ? ` under ${KINDS[kind.parent].label} ${parent}` : "";
    return `${under} in mesh ${mesh}`;
  }

  /**
   * A create or update retried with the same client token: the same request gets the resource back,
   * a different request with that token is a conflict.
   */
  private replay(operation: string, input: Params): ResourceRow | undefined {
    const token = input.clientToken;
    if (typeof token !== "string") return undefined;
    const seen = this.store.getToken(this.scope, operation, token);
    if (!seen) return undefined;
    if (seen.fingerprint !== fingerprint(input)) {
      throw appMeshError("ConflictException", `The clientToken ${token} was already used with a different request`);
    }
    return this.store.getByArn(this.scope, seen.arn);
  }

  private remember(operation: string, input: Params, arn: string): void {
    const token = input.clientToken;
    if (typeof token === "string") {
      this.store.putToken(this.scope, operation, token, { fingerprint: fingerprint(input), arn }, this.now());
    }
  }

  private resourceData(kind: Kind, row: ResourceRow, status = "ACTIVE"): Json {
    return {
      ...names(kind, row),
      metadata: {
        arn: row.arn,
        createdAt: new Date(row.createdAt),
        lastUpdatedAt: new Date(row.lastUpdatedAt),
        meshOwner: row.meshOwner,
        resourceOwner: row.resourceOwner,
        uid: row.uid,
        version: row.version,
      },
      spec: row.spec,
      status: { status },
    };
  }

  private resourceRef(kind: Kind, row: ResourceRow): Json {
    return {
      ...names(kind, row),
      arn: row.arn,
      createdAt: new Date(row.createdAt),
      lastUpdatedAt: new Date(row.lastUpdatedAt),
      meshOwner: row.meshOwner,
      resourceOwner: row.resourceOwner,
      version: row.version,
    };
  }
}

/** The one quota on a list inside a spec that the model's own list sizes do not already cap. */
function checkBackends(kind: Kind, name: string, spec: Json): void {
  if (kind.id !== "virtualNode" || !Array.isArray(spec.backends)) return;
  if (spec.backends.length <= BACKENDS_PER_VIRTUAL_NODE) return;
  throw appMeshError(
    "LimitExceededException",
    `VirtualNode ${name} would have ${spec.backends.length} backends; the limit is ${BACKENDS_PER_VIRTUAL_NODE} backends per virtual node`,
  );
}

function names(kind: Kind, row: ResourceRow): Json {
  const out: Json = { meshName: row.mesh };
  if (kind.parent) out[KINDS[kind.parent].nameMember] = row.parent;
  out[kind.nameMember] = row.name;
  return out;
}

/** `meshes`, `virtualNodes`…: where a List operation's answer holds its items (the model's paginator). */
function resultKeyOf(op: Operation): string {
  if (!op.paginator) throw new Error(`${op.name} has no paginator in the model`);
  return op.paginator.resultKey;
}

/** The request as a stable string, without its token: what a retry must repeat exactly. */
function fingerprint(input: Params): string {
  const { clientToken: _token, ...rest } = input;
  return stableJson(rest);
}
