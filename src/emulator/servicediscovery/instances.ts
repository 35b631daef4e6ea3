/**
 * Instances: registered under a service by a caller-chosen id, with attributes (addresses, port and
 * custom key/values). Registering an id again replaces its attributes. Health: services without
 * health checking report UNKNOWN; with a custom health check the caller sets it; a Route 53 health
 * check is not run by the emulator, so its instances keep the status they registered with
 * (AWS_INIT_HEALTH_STATUS, HEALTHY by default).
 */
import { type Attributes, checkAttributes, initialHealth } from "./attributes.js";
import { type Context, defined, type Output, type Params } from "./context.js";
import { CloudMapError } from "./errors.js";
import { previous, remember, replayedOperation } from "./idempotency.js";
import { recordOperation } from "./operations.js";
import { page } from "./paging.js";
import { requireService } from "./services.js";
import type { HealthStatus, InstanceRecord, ServiceRecord } from "./store.js";

/** The health status callers see for an instance of `service`. */
export function healthOf(service: ServiceRecord, instance: InstanceRecord): HealthStatus | "UNKNOWN" {
  return hasHealthCheck(service) ? instance.health : "UNKNOWN";
}

export function hasHealthCheck(service: ServiceRecord): boolean {
  return service.healthCheckConfig !== undefined || service.healthCheckCustomConfig !== undefined;
}

function requireInstance(ctx: Context, service: ServiceRecord, id: string): InstanceRecord {
  const instance = ctx.store.getInstance(ctx.scope, service.id, id);
  if (!instance) throw new CloudMapError("InstanceNotFound", `Instance ${id} not found in service ${service.id}`);
  return instance;
}

export function registerInstance(ctx: Context, input: Params): Output {
  const service = requireService(ctx, String(input.ServiceId));
  const replay = replayedOperation(previous(ctx, "RegisterInstance", input.CreatorRequestId, input));
  if (replay) return { OperationId: replay };
  const attributes = input.Attributes as Attributes;
  checkAttributes(service, attributes);
  const id = String(input.InstanceId);
  const existing = ctx.store.getInstance(ctx.scope, service.id, id);
  if (!existing && ctx.store.countInstances(ctx.scope, service.id) >= ctx.quotas.instancesPerService) {
    throw new CloudMapError(
      "ResourceLimitExceeded",
      `Service ${service.id} already has the maximum of ${ctx.quotas.instancesPerService} instances`,
    );
  }
  ctx.store.putInstance(ctx.scope, {
    serviceId: service.id,
    id,
    attributes,
    creatorRequestId: input.CreatorRequestId as string | undefined,
    health: existing?.health ?? initialHealth(attributes),
    createdAt: existing?.createdAt ?? ctx.now(),
  });
  instancesChanged(ctx, service);
  const op = recordOperation(ctx, "REGISTER_INSTANCE", { INSTANCE: id, SERVICE: service.id });
  remember(ctx, "RegisterInstance", input.CreatorRequestId, input, op);
  return { OperationId: op };
}

/** Moves the service's InstancesRevision on: up by one, and never behind the clock (so a re-created service does not repeat one). */
function instancesChanged(ctx: Context, service: ServiceRecord): void {
  const instancesRevision = Math.max((service.instancesRevision ?? 0) + 1, ctx.now());
  ctx.store.putService(ctx.scope, { ...requireService(ctx, service.id), instancesRevision });
}

export function deregisterInstance(ctx: Context, input: Params): Output {
  const service = requireService(ctx, String(input.ServiceId));
  const instance = requireInstance(ctx, service, String(input.InstanceId));
  ctx.store.deleteInstance(ctx.scope, service.id, instance.id);
  instancesChanged(ctx, service);
  return { OperationId: recordOperation(ctx, "DEREGISTER_INSTANCE", { INSTANCE: instance.id, SERVICE: service.id }) };
}

export function getInstance(ctx: Context, input: Params): Output {
  const service = requireService(ctx, String(input.ServiceId));
  const instance = requireInstance(ctx, service, String(input.InstanceId));
  return {
    Instance: defined({
      Attributes: instance.attributes,
      CreatorRequestId: instance.creatorRequestId,
      Id: instance.id,
    }),
  };
}

export function listInstances(ctx: Context, input: Params): Output {
  const service = requireService(ctx, String(input.ServiceId));
  const { items, nextToken } = page(ctx.store.listInstances(ctx.scope, service.id), input.MaxResults, input.NextToken);
  return defined({ Instances: items.map((i) => ({ Attributes: i.attributes, Id: i.id })), NextToken: nextToken });
}

export function getInstancesHealthStatus(ctx: Context, input: Params): Output {
  const service = requireService(ctx, String(input.ServiceId));
  const wanted = input.Instances as string[] | undefined;
  const instances = wanted
    ? wanted.map((id) => requireInstance(ctx, service, id))
    : ctx.store.listInstances(ctx.scope, service.id);
  const { items, nextToken } = page(instances, input.MaxResults, input.NextToken);
  const status = Object.fromEntries(items.map((instance) => [instance.id, healthOf(service, instance)]));
  return defined({ NextToken: nextToken, Status: status });
}

export function updateInstanceCustomHealthStatus(ctx: Context, input: Params): Output {
  const service = requireService(ctx, String(input.ServiceId));
  const instance = requireInstance(ctx, service, String(input.InstanceId));
  if (!service.healthCheckCustomConfig) {
    throw new CloudMapError(
      "CustomHealthNotFound",
      `Service ${service.id} has no custom health check (HealthCheckCustomConfig) to update`,
    );
  }
  ctx.store.putInstance(ctx.scope, { ...instance, health: input.Status as HealthStatus });
  return {};
}
