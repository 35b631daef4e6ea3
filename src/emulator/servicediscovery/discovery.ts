/**
 * DiscoverInstances, by namespace and service name: QueryParameters must all match; the health
 * filter (HEALTHY by default) applies only to services with health checking; OptionalParameters
 * narrow the result further when some instance matches them, and are dropped when none does. The
 * emulator answers in registration order where AWS shuffles. Each answer carries the service's
 * InstancesRevision, which DiscoverInstancesRevision reports alone: it moves with every registration
 * and deregistration (not with health changes, as AWS documents).
 */
import type { Attributes } from "./attributes.js";
import type { Context, Output, Params } from "./context.js";
import { CloudMapError } from "./errors.js";
import { hasHealthCheck, healthOf } from "./instances.js";
import type { InstanceRecord, NamespaceRecord, ServiceRecord } from "./store.js";

export type HealthFilter = "HEALTHY" | "UNHEALTHY" | "ALL" | "HEALTHY_OR_ELSE_ALL";

export interface DiscoveryQuery {
  namespaceName: string;
  serviceName: string;
  queryParameters?: Attributes;
  optionalParameters?: Attributes;
  healthStatus?: HealthFilter;
}

export interface Discovered {
  ns: NamespaceRecord;
  service: ServiceRecord;
  instances: InstanceRecord[];
}

/** The instances a query selects, in registration order. */
export function discover(ctx: Context, query: DiscoveryQuery): Discovered {
  const { ns, service } = namedService(ctx, query.namespaceName, query.serviceName);
  const queried = ctx.store
    .listInstances(ctx.scope, service.id)
    .filter((instance) => matches(instance.attributes, query.queryParameters));
  const healthy = byHealth(service, queried, query.healthStatus ?? "HEALTHY");
  const preferred = healthy.filter((instance) => matches(instance.attributes, query.optionalParameters));
  return { ns, service, instances: preferred.length > 0 ? preferred : healthy };
}

function namedService(ctx: Context, namespaceName: string, serviceName: string) {
  const ns = ctx.store.namespaceByName(ctx.scope, namespaceName);
  if (!ns) throw new CloudMapError("NamespaceNotFound", "Namespace not found");
  const service = ctx.store.serviceByName(ctx.scope, ns.id, serviceName);
  if (!service) throw new CloudMapError("ServiceNotFound", "Service not found");
  return { ns, service };
}

function matches(attributes: Attributes, wanted: Attributes | undefined): boolean {
  return Object.entries(wanted ?? {}).every(([key, value]) => attributes[key] === value);
}

function byHealth(service: ServiceRecord, instances: InstanceRecord[], filter: HealthFilter): InstanceRecord[] {
  if (!hasHealthCheck(service) || filter === "ALL") return instances;
  const healthy = instances.filter((instance) => instance.health === "HEALTHY");
  switch (filter) {
    case "HEALTHY":
      return healthy;
    case "UNHEALTHY":
      return instances.filter((instance) => instance.health === "UNHEALTHY");
    case "HEALTHY_OR_ELSE_ALL":
      return healthy.length > 0 ? healthy : instances;
  }
}

export function discoverInstances(ctx: Context, input: Params): Output {
  const { ns, service, instances } = discover(ctx, {
    namespaceName: String(input.NamespaceName),
    serviceName: String(input.ServiceName),
    queryParameters: input.QueryParameters as Attributes | undefined,
    optionalParameters: input.OptionalParameters as Attributes | undefined,
    healthStatus: input.HealthStatus as HealthFilter | undefined,
  });
  const limit = typeof input.MaxResults === "number" ? input.MaxResults : 100;
  return {
    Instances: instances.slice(0, limit).map((instance) => ({
      Attributes: instance.attributes,
      HealthStatus: healthOf(service, instance),
      InstanceId: instance.id,
      NamespaceName: ns.name,
      ServiceName: service.name,
    })),
    InstancesRevision: instancesRevision(service),
  };
}

/** The revision DiscoverInstances would report now, for callers that poll before fetching instances. */
export function discoverInstancesRevision(ctx: Context, input: Params): Output {
  const { service } = namedService(ctx, String(input.NamespaceName), String(input.ServiceName));
  return { InstancesRevision: instancesRevision(service) };
}

function instancesRevision(service: ServiceRecord): number {
  return service.instancesRevision ?? 0;
}

/** Where a proxy sends traffic: an instance's addresses, and its port when it registered one. */
export interface Endpoint {
  instanceId: string;
  ipv4?: string;
  ipv6?: string;
  port?: number;
  attributes: Attributes;
}

/** The endpoints of the instances that registered an IP address (IPv4, IPv6 or both). */
export function endpointsOf(instances: InstanceRecord[]): Endpoint[] {
  return instances.flatMap(({ id, attributes }) => {
    const { AWS_INSTANCE_IPV4: ipv4, AWS_INSTANCE_IPV6: ipv6, AWS_INSTANCE_PORT: port } = attributes;
    if (ipv4 === undefined && ipv6 === undefined) return [];
    return [
      {
        instanceId: id,
        ...(ipv4 === undefined ? {} : { ipv4 }),
        ...(ipv6 === undefined ? {} : { ipv6 }),
        ...(port === undefined ? {} : { port: Number(port) }),
        attributes,
      },
    ];
  });
}
