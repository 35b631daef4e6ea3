/**
 * Namespaces: HTTP (found with DiscoverInstances only), private DNS (in a VPC) and public DNS. Names
 * are unique in an account and region, and each namespace's HttpName is its name. Creating, updating
 * and deleting one answer with an operation id.
 */
import { type Context, defined, type Output, type Params } from "./context.js";
import { CloudMapError, invalidInput } from "./errors.js";
import { applyFilters, type FilterRule } from "./filters.js";
import { previous, remember, replayedOperation } from "./idempotency.js";
import { arnOf, hostedZoneId, idOf, namespaceId } from "./ids.js";
import { recordOperation } from "./operations.js";
import { page } from "./paging.js";
import type { NamespaceRecord, NamespaceType, Tag } from "./store.js";
import { checkTagCount } from "./tags.js";

type Json = Record<string, unknown>;

/** The namespace type of a create or update operation: `CreatePrivateDnsNamespace` → DNS_PRIVATE. */
function typeOf(operation: string): NamespaceType {
  if (operation.endsWith("PrivateDnsNamespace")) return "DNS_PRIVATE";
  if (operation.endsWith("PublicDnsNamespace")) return "DNS_PUBLIC";
  return "HTTP";
}

/** The namespace an id or (as the current API allows) an ARN names. */
export function requireNamespace(ctx: Context, id: string): NamespaceRecord {
  const ns = ctx.store.getNamespace(ctx.scope, idOf(ctx, "namespace", id));
  if (!ns) throw new CloudMapError("NamespaceNotFound", "Namespace not found");
  return ns;
}

export function createNamespace(ctx: Context, input: Params, operation: string): Output {
  const replay = replayedOperation(previous(ctx, operation, input.CreatorRequestId, input));
  if (replay) return { OperationId: replay };
  const name = String(input.Name);
  const existing = ctx.store.namespaceByName(ctx.scope, name);
  if (existing) {
    throw new CloudMapError("NamespaceAlreadyExists", `Namespace ${name} already exists`, {
      ...(existing.creatorRequestId === undefined ? {} : { CreatorRequestId: existing.creatorRequestId }),
      NamespaceId: existing.id,
    });
  }
  if (ctx.store.listNamespaces(ctx.scope).length >= ctx.quotas.namespaces) {
    throw new CloudMapError(
      "ResourceLimitExceeded",
      `The number of namespaces would exceed the limit of ${ctx.quotas.namespaces} per Region`,
    );
  }
  const id = namespaceId(ctx.newId);
  const type = typeOf(operation);
  const ns: NamespaceRecord = {
    id,
    arn: arnOf(ctx.scope, "namespace", id),
    name,
    type,
    description: input.Description as string | undefined,
    creatorRequestId: input.CreatorRequestId as string | undefined,
    properties: properties(ctx, type, name, input.Properties as Json | undefined),
    createdAt: ctx.now(),
    tags: (input.Tags as Tag[] | undefined) ?? [],
  };
  checkTagCount(ctx, ns.tags, ns.arn);
  ctx.store.putNamespace(ctx.scope, ns);
  const op = recordOperation(ctx, "CREATE_NAMESPACE", { NAMESPACE: id });
  remember(ctx, operation, input.CreatorRequestId, input, op);
  return { OperationId: op };
}

/** NamespaceProperties: every namespace has an HttpName; DNS ones have a hosted zone and SOA too. */
function properties(ctx: Context, type: NamespaceType, name: string, requested: Json | undefined): Json {
  const dns = (requested?.DnsProperties as Json | undefined) ?? {};
  const DnsProperties = type === "HTTP" ? {} : defined({ HostedZoneId: hostedZoneId(ctx.newId), SOA: dns.SOA });
  return { DnsProperties, HttpProperties: { HttpName: name } };
}

export function updateNamespace(ctx: Context, input: Params, operation: string): Output {
  const ns = requireNamespace(ctx, String(input.Id));
  const type = typeOf(operation);
  if (ns.type !== type) throw invalidInput(`Namespace ${ns.id} is of type ${ns.type}, not ${type}`);
  const replay = replayedOperation(previous(ctx, operation, input.UpdaterRequestId, input));
  if (replay) return { OperationId: replay };
  const change = input.Namespace as Json;
  const soa = ((change.Properties as Json | undefined)?.DnsProperties as Json | undefined)?.SOA;
  const dns = ns.properties.DnsProperties as Json;
  ctx.store.putNamespace(ctx.scope, {
    ...ns,
    description: (change.Description as string | undefined) ?? ns.description,
    properties: soa === undefined ? ns.properties : { ...ns.properties, DnsProperties: { ...dns, SOA: soa } },
  });
  const op = recordOperation(ctx, "UPDATE_NAMESPACE", { NAMESPACE: ns.id });
  remember(ctx, operation, input.UpdaterRequestId, input, op);
  return { OperationId: op };
}

export function deleteNamespace(ctx: Context, input: Params): Output {
  const ns = requireNamespace(ctx, String(input.Id));
  if (ctx.store.countServices(ctx.scope, ns.id) > 0) {
    throw new CloudMapError(
      "ResourceInUse",
      "Namespace has associated services; delete the services before deleting the namespace",
    );
  }
  ctx.store.deleteNamespace(ctx.scope, ns.id);
  return { OperationId: recordOperation(ctx, "DELETE_NAMESPACE", { NAMESPACE: ns.id }) };
}

export function getNamespace(ctx: Context, input: Params): Output {
  const ns = requireNamespace(ctx, String(input.Id));
  return { Namespace: namespaceData(ctx, ns, true) };
}

const FILTERS: Record<string, FilterRule<NamespaceRecord>> = {
  TYPE: { conditions: ["EQ", "IN", "BEGINS_WITH"], value: (ns) => ns.type },
  NAME: { conditions: ["EQ", "BEGINS_WITH"], value: (ns) => ns.name },
  HTTP_NAME: { conditions: ["EQ", "BEGINS_WITH"], value: (ns) => ns.name },
};

export function listNamespaces(ctx: Context, input: Params): Output {
  const matching = applyFilters(ctx.store.listNamespaces(ctx.scope), input.Filters, FILTERS);
  const { items, nextToken } = page(matching, input.MaxResults, input.NextToken);
  return defined({ Namespaces: items.map((ns) => namespaceData(ctx, ns, false)), NextToken: nextToken });
}

/** A Namespace, or (without the request id) a NamespaceSummary, members in model order. */
function namespaceData(ctx: Context, ns: NamespaceRecord, full: boolean): Json {
  return defined({
    Arn: ns.arn,
    CreateDate: new Date(ns.createdAt),
    CreatorRequestId: full ? ns.creatorRequestId : undefined,
    Description: ns.description,
    Id: ns.id,
    Name: ns.name,
    Properties: ns.properties,
    ServiceCount: ctx.store.countServices(ctx.scope, ns.id),
    Type: ns.type,
  });
}
