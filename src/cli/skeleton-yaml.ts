/**
 * `--generate-cli-skeleton yaml-input`: the input skeleton as YAML, each member annotated as the AWS
 * CLI does: `# [REQUIRED]` for required members and `Valid values are: …` for enums. (The model here
 * carries no documentation, so the AWS CLI's description text is not repeated.)
 */
import { shapeOf } from "../model/models.js";
import type { ServiceModel, Shape } from "../model/types.js";

function comment(shape: Shape, required: boolean): string {
  const parts = [required ? "[REQUIRED]" : "", shape.enum ? `Valid values are: ${shape.enum.join(", ")}.` : ""].filter(
    Boolean,
  );
  return parts.length ? ` # ${parts.join(" ")}` : "";
}

function scalar(shape: Shape): string {
  switch (shape.type) {
    case "string":
      return shape.enum?.[0] ?? "''";
    case "integer":
    case "long":
      return "0";
    case "float":
    case "double":
      return "0.0";
    case "boolean":
      return "true";
    case "timestamp":
      return "1970-01-01 00:00:00";
    default:
      return "''";
  }
}

/** Lines for the members of a structure, at `indent`; `first` prefixes the first line (a list dash). */
function structureLines(model: ServiceModel, shape: Shape, indent: string, stack: string[], first = indent): string[] {
  const lines: string[] = [];
  for (const [name, ref] of Object.entries(shape.members ?? {})) {
    const prefix = lines.length === 0 ? first : indent;
    lines.push(...memberLines(model, name, ref.shape, shape.required?.includes(name) ?? false, prefix, indent, stack));
  }
  return lines;
}

function memberLines(
  model: ServiceModel,
  name: string,
  shapeName: string,
  required: boolean,
  prefix: string,
  indent: string,
  stack: string[],
): string[] {
  const shape = shapeOf(model, shapeName);
  const note = comment(shape, required);
  if (stack.includes(shapeName)) return [`${prefix}${name}: {}${note}`];
  const next = [...stack, shapeName];
  if (shape.type === "structure") {
    return [`${prefix}${name}:${note}`, ...structureLines(model, shape, `${indent}  `, next)];
  }
  if (shape.type === "list" && shape.member) {
    const item = shapeOf(model, shape.member.shape);
    if (item.type === "structure") {
      return [`${prefix}${name}:${note}`, ...structureLines(model, item, `${indent}  `, next, `${indent}- `)];
    }
    return [`${prefix}${name}:${note}`, `${indent}- ${scalar(item)}${comment(item, false)}`];
  }
  if (shape.type === "map")
    return [
      `${prefix}${name}:${note}`,
      `${indent}  KeyName: ${scalar(shapeOf(model, shape.value?.shape ?? "String"))}`,
    ];
  return [`${prefix}${name}: ${scalar(shape)}${note}`];
}

export function yamlSkeleton(model: ServiceModel, shapeName: string): string {
  const lines = structureLines(model, shapeOf(model, shapeName), "", [shapeName]);
  return lines.length ? `${lines.join("\n")}\n` : "";
}
