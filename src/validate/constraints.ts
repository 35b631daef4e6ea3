/**
 * Tier 2, part one: the model's constraints the AWS CLI leaves to the service (maximum lengths and
 * values, enums, patterns, list sizes). Same walk as tier 1, the service's words (AWS's
 * "failed to satisfy constraint" sentences), and the path of each problem.
 */
import { shapeOf } from "../model/models.js";
import type { ServiceModel, Shape } from "../model/types.js";
import { isRecord } from "./params.js";
import { childPath, type Problem } from "./problem.js";

const patterns = new Map<string, RegExp>();

function pattern(source: string): RegExp {
  let regex = patterns.get(source);
  if (!regex) {
    regex = new RegExp(source, "u");
    patterns.set(source, regex);
  }
  return regex;
}

function render(value: unknown): string {
  if (Array.isArray(value)) return `with ${value.length} items`;
  return `'${String(value)}'`;
}

function violation(problems: Problem[], path: string, value: unknown, constraint: string): void {
  problems.push({
    path,
    message: `Value ${render(value)} failed to satisfy constraint: Member must ${constraint}`,
    severity: "error",
  });
}

/** The constraint problems in an input that already passed tier 1 (types are right). */
export function checkConstraints(model: ServiceModel, shapeName: string, value: unknown): Problem[] {
  const problems: Problem[] = [];
  walk(model, shapeOf(model, shapeName), value, "", problems);
  return problems;
}

function walk(model: ServiceModel, shape: Shape, value: unknown, path: string, problems: Problem[]): void {
  switch (shape.type) {
    case "structure":
      if (!isRecord(value)) return;
      for (const [name, ref] of Object.entries(shape.members ?? {})) {
        if (value[name] !== undefined) walk(model, shapeOf(model, ref), value[name], childPath(path, name), problems);
      }
      return;
    case "list":
      if (!Array.isArray(value)) return;
      if (shape.max !== undefined && value.length > shape.max) {
        violation(problems, path, value, `have length less than or equal to ${shape.max}`);
      }
      for (const [i, item] of value.entries())
        walk(model, shapeOf(model, shape.member ?? "String"), item, childPath(path, i), problems);
      return;
    case "map":
      if (!isRecord(value) || !shape.value) return;
      for (const [key, item] of Object.entries(value)) {
        if (shape.key) walk(model, shapeOf(model, shape.key), key, `${path} (key: ${key})`, problems);
        walk(model, shapeOf(model, shape.value), item, childPath(path, key), problems);
      }
      return;
    case "string": {
      if (typeof value !== "string") return;
      if (shape.max !== undefined && [...value].length > shape.max) {
        violation(problems, path, value, `have length less than or equal to ${shape.max}`);
      }
      if (shape.enum && !shape.enum.includes(value)) {
        violation(problems, path, value, `satisfy enum value set: [${shape.enum.join(", ")}]`);
      }
      if (shape.pattern && !pattern(shape.pattern).test(value)) {
        violation(problems, path, value, `satisfy regular expression pattern: ${shape.pattern}`);
      }
      return;
    }
    case "integer":
    case "long":
    case "float":
    case "double":
      if (typeof value === "number" && shape.max !== undefined && value > shape.max) {
        violation(problems, path, value, `have value less than or equal to ${shape.max}`);
      }
      return;
    default:
      return;
  }
}
