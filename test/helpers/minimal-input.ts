/**
 * The smallest input of an operation that passes the AWS CLI's own checks (required members, types,
 * minimums): enough for the command to reach its backend.
 */
import { shapeOf } from "../../src/model/models.js";
import type { Operation, ServiceModel, Shape } from "../../src/model/types.js";

export function minimalInput(model: ServiceModel, op: Operation): Record<string, unknown> {
  return op.input ? (sample(model, shapeOf(model, op.input.shape)) as Record<string, unknown>) : {};
}

function sample(model: ServiceModel, shape: Shape): unknown {
  switch (shape.type) {
    case "structure": {
      const members = shape.members ?? {};
      const names = shape.union ? Object.keys(members).slice(0, 1) : (shape.required ?? []);
      return Object.fromEntries(
        names.map((name) => [name, sample(model, shapeOf(model, members[name] as { shape: string }))]),
      );
    }
    case "list":
      return Array.from({ length: shape.min ?? 0 }, () => sample(model, shapeOf(model, shape.member ?? "String")));
    case "map":
      return {};
    case "string":
      return shape.enum?.[0] ?? "a".repeat(Math.max(shape.min ?? 1, 1));
    case "integer":
    case "long":
    case "float":
    case "double":
      return shape.min ?? 1;
    case "boolean":
      return false;
    default:
      return undefined;
  }
}
