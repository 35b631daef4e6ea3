/**
 * Service attributes: up to 30 key/value pairs on a service, merged by UpdateServiceAttributes and
 * removed key by key by DeleteServiceAttributes (unknown keys are no error).
 */
import type { Context, Output, Params } from "./context.js";
import { CloudMapError } from "./errors.js";
import { requireService } from "./services.js";

const MAX_ATTRIBUTES = 30;

export function getServiceAttributes(ctx: Context, input: Params): Output {
  const service = requireService(ctx, String(input.ServiceId));
  return { ServiceAttributes: { ServiceArn: service.arn, Attributes: service.attributes ?? {} } };
}

export function updateServiceAttributes(ctx: Context, input: Params): Output {
  const service = requireService(ctx, String(input.ServiceId));
  const attributes = { ...service.attributes, ...(input.Attributes as Record<string, string>) };
  if (Object.keys(attributes).length > MAX_ATTRIBUTES) {
    throw new CloudMapError(
      "ServiceAttributesLimitExceededException",
      `Service ${service.id} can have at most ${MAX_ATTRIBUTES} attributes`,
    );
  }
  ctx.store.putService(ctx.scope, { ...service, attributes });
  return {};
}

export function deleteServiceAttributes(ctx: Context, input: Params): Output {
  const service = requireService(ctx, String(input.ServiceId));
  const removed = new Set(input.Attributes as string[]);
  const attributes = Object.fromEntries(Object.entries(service.attributes ?? {}).filter(([key]) => !removed.has(key)));
  ctx.store.putService(ctx.scope, { ...service, attributes });
  return {};
}
