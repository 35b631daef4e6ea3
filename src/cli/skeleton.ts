/**
 * `--generate-cli-skeleton`: an input document to fill in, built from the model as the AWS CLI does
 * (strings "", numbers 0, booleans true, enums their first value, lists of one element, recursion cut).
 */
import { shapeOf } from "../model/models.js";
import type { ServiceModel } from "../model/types.js";

export function skeletonOf(model: ServiceModel, shapeName: string, stack: string[] = []): unknown {
  const shape = shapeOf(model, shapeName);
  if (stack.includes(shapeName)) return shape.type === "structure" ? {} : shape.type === "list" ? [] : "";
  const next = [...stack, shapeName];
  switch (shape.type) {
    case "structure":
      return Object.fromEntries(
        Object.entries(shape.members ?? {}).map(([name, ref]) => [name, skeletonOf(model, ref.shape, next)]),
      );
    case "list":
      return shape.member ? [skeletonOf(model, shape.member.shape, next)] : [];
    case "map":
      return shape.key && shape.value ? { KeyName: skeletonOf(model, shape.value.shape, next) } : {};
    case "string":
      return shape.enum?.[0] ?? "";
    case "integer":
    case "long":
      return 0;
    case "float":
    case "double":
      return 0.0;
    case "boolean":
      return true;
    case "timestamp":
      return "1970-01-01T00:00:00";
    case "blob":
      return "";
  }
}
