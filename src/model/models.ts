/** Look-ups over the generated service models. */
import type { MemberRef, Operation, ServiceModel, Shape } from "./types.js";

export function shapeOf(model: ServiceModel, ref: MemberRef | string): Shape {
  const name = typeof ref === "string" ? ref : ref.shape;
  const shape = model.shapes[name];
  if (!shape) throw new Error(`shape ${name} is not in the ${model.metadata.serviceId} model`);
  return shape;
}

export function operationByCliName(model: ServiceModel, cliName: string): Operation | undefined {
  return model.operations.find((op) => op.cliName === cliName);
}

export function operationByName(model: ServiceModel, name: string): Operation | undefined {
  return model.operations.find((op) => op.name === name);
}

/** The HTTP status of a modeled exception (`NotFoundException` → 404). */
export function errorStatus(model: ServiceModel, code: string): number {
  return model.shapes[code]?.error?.status ?? 400;
}
