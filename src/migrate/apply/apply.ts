/**
 * `mesh import --apply`: documents onto a backend, in dependency order (mesh, Cloud Map namespaces and
 * services, nodes, routers, routes, services, gateways, gateway routes; each level a few calls at a
 * time), idempotently: a resource that is missing is created, one whose spec differs is updated, one
 * already as declared is left alone. Specs are compared after leaving out empty members and the mesh's
 * default egress filter, which a service may echo back. Tags the documents give are added or updated;
 * other tags and resources the documents do not name are left as they are. A failure stops the run;
 * what was done is reported as it happens, so a second run picks up where it stopped.
 */
import { KINDS, type Kind, parseOperationName } from "../../model/resources.js";
import { stableJson } from "../../model/stable-json.js";
import { Api, type Caller, eachConcurrently, type Input, isNotFound, type Output } from "../calls/api.js";
import { rankOf, sortDocuments } from "../import/imported.js";
import type { Document } from "../import/write.js";

export type Outcome = "created" | "updated" | "unchanged";

export interface Applied {
  outcome: Outcome;
  /** `VirtualNode shop/catalog-v1`, `Cloud Map service apps.local/catalog`. */
  resource: string;
}

export async function applyDocuments(
  caller: Caller,
  documents: Document[],
  report: (applied: Applied) => void,
): Promise<Applied[]> {
  const api = new Api(caller);
  const cloudMap = new CloudMap(api);
  const done: Applied[] = [];
  const levels = new Map<number, Document[]>();
  for (const doc of sortDocuments(documents))
    levels.set(rankOf(doc.operation), [...(levels.get(rankOf(doc.operation)) ?? []), doc]);
  for (const level of levels.values()) {
    await eachConcurrently(level, async (doc) => {
      const applied = doc.operation.startsWith("servicediscovery ")
        ? await cloudMap.apply(doc)
        : await applyAppMesh(api, doc);
      done.push(applied);
      report(applied);
    });
  }
  return done;
}

async function applyAppMesh(api: Api, { operation, input }: Document): Promise<Applied> {
  const kind = appMeshKind(operation);
  const { spec, tags, clientToken: _token, ...names } = input;
  const resource = `${kind.label} ${identity(kind, names)}`;
  let current: Output | undefined;
  try {
    current = (await api.call(`Describe${kind.label}`, names))[kind.id] as Output;
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
  if (!current) {
    await api.call(`Create${kind.label}`, input);
    return { outcome: "created", resource };
  }
  let outcome: Outcome = "unchanged";
  if (canonical(kind, spec) !== canonical(kind, current.spec)) {
    await api.call(`Update${kind.label}`, { ...names, spec });
    outcome = "updated";
  }
  const arn = (current.metadata as Output | undefined)?.arn;
  if (Array.isArray(tags) && tags.length && typeof arn === "string" && (await tagsDiffer(api, arn, tags))) {
    await api.call("TagResource", { resourceArn: arn, tags });
    outcome = "updated";
  }
  return { outcome, resource };
}

function appMeshKind(operation: string): Kind {
  const name = operation.replace(/(^|-)(\w)/g, (_, __, letter: string) => letter.toUpperCase());
  const parsed = parseOperationName(name);
  if (parsed?.verb !== "Create") throw new Error(`${operation} is not a create operation`);
  return parsed.kind;
}

function identity(kind: Kind, names: Input): string {
  const parent = kind.parent ? `${names[KINDS[kind.parent].nameMember]}/` : "";
  return kind.id === "mesh" ? String(names.meshName) : `${names.meshName}/${parent}${names[kind.nameMember]}`;
}

async function tagsDiffer(api: Api, arn: string, wanted: unknown[]): Promise<boolean> {
  const current = await api.all("ListTagsForResource", { resourceArn: arn }, "tags");
  const have = new Map(current.map((tag) => [tag.key, tag.value]));
  return (wanted as Output[]).some((tag) => have.get(tag.key) !== tag.value);
}

/** A spec as compared: empty members left out, and a mesh's egress filter DROP_ALL (its default) too. */
function canonical(kind: Kind, spec: unknown): string {
  const pruned = prune(spec) ?? {};
  if (kind.id === "mesh") {
    const mesh = pruned as { egressFilter?: { type?: string } };
    if (mesh.egressFilter?.type === "DROP_ALL") delete mesh.egressFilter;
  }
  return stableJson(pruned);
}

function prune(value: unknown): unknown {
  if (Array.isArray(value)) return value.length ? value.map(prune) : undefined;
  if (typeof value !== "object" || value === null) return value ?? undefined;
  const entries = Object.entries(value)
    .map(([key, item]) => [key, prune(item)] as const)
    .filter(([, item]) => item !== undefined);
  return entries.length ? Object.fromEntries(entries) : undefined;
}

/**
 * Cloud Map: namespaces are found by name, services by name in their namespace. Creating a namespace is
 * asynchronous: its operation is followed until it succeeds.
 */
class CloudMap {
  private namespaces: Promise<Output[]> | undefined;

  constructor(private readonly api: Api) {}

  async apply({ operation, input }: Document): Promise<Applied> {
    const name = operation.slice("servicediscovery ".length);
    if (name === "create-service") return this.service(input);
    const resource = `Cloud Map namespace ${input.Name}`;
    if ((await this.namespace(String(input.Name))) !== undefined) return { outcome: "unchanged", resource };
    const api = name.replace(/(^|-)(\w)/g, (_, __, letter: string) => letter.toUpperCase()); // CreateHttpNamespace
    const { OperationId } = await this.api.call(`servicediscovery:${api}`, input);
    await this.completion(String(OperationId));
    this.namespaces = undefined;
    return { outcome: "created", resource };
  }

  private async service(input: Input): Promise<Applied> {
    const namespaceId = (await this.namespace(String(input.NamespaceId))) ?? String(input.NamespaceId);
    const resource = `Cloud Map service ${input.NamespaceId}/${input.Name}`;
    const filters = [{ Name: "NAMESPACE_ID", Values: [namespaceId], Condition: "EQ" }];
    const services = await this.api.all("servicediscovery:ListServices", { Filters: filters }, "Services", "NextToken");
    const summary = services.find((service) => service.Name === input.Name);
    if (!summary) {
      await this.api.call("servicediscovery:CreateService", { ...input, NamespaceId: namespaceId });
      return { outcome: "created", resource };
    }
    const { Service: current = {} } = await this.api.call("servicediscovery:GetService", { Id: summary.Id });
    const mutable = (service: Output) => ({
      Description: service.Description,
      DnsRecords: (service.DnsConfig as Output | undefined)?.DnsRecords,
      HealthCheckConfig: service.HealthCheckConfig,
    });
    if (stableJson(prune(mutable(current as Output)) ?? {}) === stableJson(prune(mutable(input)) ?? {})) {
      return { outcome: "unchanged", resource };
    }
    const dns = (input.DnsConfig as Output | undefined)?.DnsRecords;
    const change = { ...mutable(input), DnsConfig: dns ? { DnsRecords: dns } : undefined, DnsRecords: undefined };
    await this.api.call("servicediscovery:UpdateService", { Id: summary.Id, Service: prune(change) ?? {} });
    return { outcome: "updated", resource };
  }

  /** The id of the namespace named `name`, if there is one. */
  private async namespace(name: string): Promise<string | undefined> {
    this.namespaces ??= this.api.all("servicediscovery:ListNamespaces", {}, "Namespaces", "NextToken");
    const found = (await this.namespaces).find((namespace) => namespace.Name === name);
    return found ? String(found.Id) : undefined;
  }

  private async completion(operationId: string): Promise<void> {
    for (let attempt = 0; attempt < 60; attempt++) {
      const { Operation: state } = await this.api.call("servicediscovery:GetOperation", { OperationId: operationId });
      const status = (state as Output | undefined)?.Status;
      if (status === "SUCCESS") return;
      if (status === "FAIL")
        throw new Error(`Cloud Map operation ${operationId} failed: ${(state as Output).ErrorMessage}`);
      await new Promise((resume) => setTimeout(resume, Math.min(250 * 2 ** attempt, 5000)));
    }
    throw new Error(`Cloud Map operation ${operationId} did not complete`);
  }
}
