/**
 * Services: a name in a namespace, how its instances are found (DNS records or DiscoverInstances
 * only) and how their health is known. Names are unique in a namespace; a service is deleted only once
 * it has no instances.
 */
import { type Context, defined, type Output, type Params } from "./context.js";
import { CloudMapError, invalidInput } from "./errors.js";
import { applyFilters, type FilterRule } from "./filters.js";
import { previous, remember } from "./idempotency.js";
import { arnOf, idOf, serviceId } from "./ids.js";
import { requireNamespace } from "./namespaces.js";
import { recordOperation } from "./operations.js";
import { page } from "./paging.js";
import { type ConfigRequest, serviceConfig } from "./service-config.js";
import type { ServiceRecord, Tag } from "./store.js";
import { checkTagCount } from "./tags.js";

type Json = Record<string, unknown>;

/** The service an id or (as the current API allows) an ARN names. */
export function requireService(ctx: Context, id: string): ServiceRecord {
  const service = ctx.store.getService(ctx.scope, idOf(ctx, "service", id));
  if (!service) throw new CloudMapError("ServiceNotFound", "Service not found");
  return service;
}

export function createService(ctx: Context, input: Params): Output {
  // A retry gets the service it created. A token reused for another request is not an error here
  // (CreateService has no DuplicateRequest): that request runs as if it had no token.
  const prior = previous(ctx, "CreateService", input.CreatorRequestId, input);
  const created = prior?.same ? ctx.store.getService(ctx.scope, prior.result) : undefined;
  if (created) return { Service: serviceData(ctx, created, true) };
  const dns = input.DnsConfig as Json | undefined;
  const namespaceId = (input.NamespaceId ?? dns?.NamespaceId) as string | undefined;
  if (namespaceId === undefined) throw invalidInput("The service needs a NamespaceId");
  const ns = requireNamespace(ctx, namespaceId);
  const name = String(input.Name);
  const existing = ctx.store.serviceByName(ctx.scope, ns.id, name);
  if (existing) {
    throw new CloudMapError("ServiceAlreadyExists", `Service ${name} already exists in namespace ${ns.id}`, {
      ...(existing.creatorRequestId === undefined ? {} : { CreatorRequestId: existing.creatorRequestId }),
      ServiceId: existing.id,
    });
  }
  const id = serviceId(ctx.newId);
  const service: ServiceRecord = {
    id,
    arn: arnOf(ctx.scope, "service", id),
    namespaceId: ns.id,
    name,
    description: input.Description as string | undefined,
    creatorRequestId: input.CreatorRequestId as string | undefined,
    ...serviceConfig(ns, input as ConfigRequest),
    createdAt: ctx.now(),
    tags: (input.Tags as Tag[] | undefined) ?? [],
  };
  checkTagCount(ctx, service.tags, service.arn);
  ctx.store.putService(ctx.scope, service);
  remember(ctx, "CreateService", input.CreatorRequestId, input, id);
  return { Service: serviceData(ctx, service, true) };
}

/**
 * Replaces the DNS records and the Route 53 health check: omitted ones are removed, as AWS documents.
 * The service's type is fixed when it is created.
 */
export function updateService(ctx: Context, input: Params): Output {
  const service = requireService(ctx, String(input.Id));
  const ns = requireNamespace(ctx, service.namespaceId);
  const change = input.Service as Json;
  const records = (change.DnsConfig as Json | undefined)?.DnsRecords;
  const config = serviceConfig(ns, {
    DnsConfig: records === undefined ? undefined : { ...service.dnsConfig, DnsRecords: records },
    HealthCheckConfig: change.HealthCheckConfig as Json | undefined,
    HealthCheckCustomConfig: service.healthCheckCustomConfig,
  });
  const description = (change.Description as string | undefined) ?? service.description;
  ctx.store.putService(ctx.scope, { ...service, ...config, type: service.type, description });
  return { OperationId: recordOperation(ctx, "UPDATE_SERVICE", { SERVICE: service.id }) };
}

export function deleteService(ctx: Context, input: Params): Output {
  const service = requireService(ctx, String(input.Id));
  if (ctx.store.countInstances(ctx.scope, service.id) > 0) {
    throw new CloudMapError(
      "ResourceInUse",
      "Service contains registered instances; delete the instances before deleting the service",
    );
  }
  ctx.store.deleteService(ctx.scope, service.id);
  return {};
}

export function getService(ctx: Context, input: Params): Output {
  return { Service: serviceData(ctx, requireService(ctx, String(input.Id)), true) };
}

const FILTERS: Record<string, FilterRule<ServiceRecord>> = {
  NAMESPACE_ID: { conditions: ["EQ", "IN"], value: (service) => service.namespaceId },
};

export function listServices(ctx: Context, input: Params): Output {
  const matching = applyFilters(ctx.store.listServices(ctx.scope), input.Filters, FILTERS);
  const { items, nextToken } = page(matching, input.MaxResults, input.NextToken);
  return defined({ Services: items.map((service) => serviceData(ctx, service, false)), NextToken: nextToken });
}

/** A Service, or (without request and namespace ids) a ServiceSummary, members in model order. */
function serviceData(ctx: Context, service: ServiceRecord, full: boolean): Json {
  return defined({
    Arn: service.arn,
    CreateDate: new Date(service.createdAt),
    CreatorRequestId: full ? service.creatorRequestId : undefined,
    Description: service.description,
    DnsConfig: service.dnsConfig,
    HealthCheckConfig: service.healthCheckConfig,
    HealthCheckCustomConfig: service.healthCheckCustomConfig,
    Id: service.id,
    InstanceCount: ctx.store.countInstances(ctx.scope, service.id),
    Name: service.name,
    NamespaceId: full ? service.namespaceId : undefined,
    Type: service.type,
  });
}
