/**
 * Tier 2, part one: the model's constraints the AWS CLI leaves to the service (maximum lengths and
 * values, enums, patterns, list sizes). Same walk as tier 1, the service's words (AWS's
 * "failed to satisfy constraint" sentences), and the path of each problem.
 */

import { isRecord } from "../model/json.js";
import { shapeOf } from "../model/models.js";
import type { ServiceModel, Shape } from "../model/types.js";
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

/** A UTF-16 surrogate that is not half of a pair: no Unicode character, and no UTF-8 bytes. */
const LONE_SURROGATE = /\p{Surrogate}/u;

/** Lone surrogates written as `\ud800`, so a message never carries text that cannot be printed. */
function escapeSurrogates(text: string): string {
  return text.replace(/\p{Surrogate}/gu, (unit) => `\\u${unit.charCodeAt(0).toString(16)}`);
}

function render(value: unknown): string {
  if (Array.isArray(value)) return `with ${value.length} items`;
  return `'${escapeSurrogates(typeof value === "string" ? value : JSON.stringify(value))}'`;
}

function violation(problems: Problem[], path: string, value: unknown, constraint: string): void {
  const rule = `Member must ${constraint}`;
  problems.push({
    path: escapeSurrogates(path),
    message: `Value ${render(value)} failed to satisfy constraint: ${rule}`,
    severity: "error",
    constraint: { value: render(value), rule },
  });
}

/** How a problem's path is spelled as the walk goes down. */
export interface PathStyle {
  member(path: string, name: string): string;
  item(path: string, index: number): string;
  mapKey(path: string, key: string): string;
  mapValue(path: string, key: string): string;
}

/** `spec.listeners[0].portMapping.port`: what mesh reports for App Mesh, and botocore's own style. */
export const DOTTED_PATHS: PathStyle = {
  member: childPath,
  item: childPath,
  mapKey: (path, key) => `${path} (key: ${key})`,
  mapValue: childPath,
};

/** `tags.1.member.key`: the member paths AWS's JSON 1.1 services (Cloud Map) quote in their messages. */
export const AWS_JSON_PATHS: PathStyle = {
  member: (path, name) => childPath(path, name.charAt(0).toLowerCase() + name.slice(1)),
  item: (path, index) => `${path}.${index + 1}.member`,
  mapKey: (path, key) => `${path}.${key}.key`,
  mapValue: (path, key) => `${path}.${key}.value`,
};

/** The constraint problems in an input that already passed tier 1 (types are right). */
export function checkConstraints(
  model: ServiceModel,
  shapeName: string,
  value: unknown,
  paths = DOTTED_PATHS,
): Problem[] {
  const problems: Problem[] = [];
  walk(model, shapeOf(model, shapeName), value, "", problems, paths);
  return problems;
}

function walk(
  model: ServiceModel,
  shape: Shape,
  value: unknown,
  path: string,
  problems: Problem[],
  paths: PathStyle,
): void {
  switch (shape.type) {
    case "structure":
      if (!isRecord(value)) return;
      for (const [name, ref] of Object.entries(shape.members ?? {})) {
        if (value[name] !== undefined) {
          walk(model, shapeOf(model, ref), value[name], paths.member(path, name), problems, paths);
        }
      }
      return;
    case "list":
      if (!Array.isArray(value)) return;
      if (shape.max !== undefined && value.length > shape.max) {
        violation(problems, path, value, `have length less than or equal to ${shape.max}`);
      }
      for (const [i, item] of value.entries()) {
        walk(model, shapeOf(model, shape.member ?? "String"), item, paths.item(path, i), problems, paths);
      }
      return;
    case "map":
      if (!isRecord(value) || !shape.value) return;
      // botocore leaves a map's size to the service.
      if (shape.min !== undefined && Object.keys(value).length < shape.min) {
        violation(problems, path, value, `have length greater than or equal to ${shape.min}`);
      }
      if (shape.max !== undefined && Object.keys(value).length > shape.max) {
        violation(problems, path, value, `have length less than or equal to ${shape.max}`);
      }
      for (const [key, item] of Object.entries(value)) {
        if (shape.key) walk(model, shapeOf(model, shape.key), key, paths.mapKey(path, key), problems, paths);
        walk(model, shapeOf(model, shape.value), item, paths.mapValue(path, key), problems, paths);
      }
      return;
    case "string": {
      if (typeof value !== "string") return;
      if (LONE_SURROGATE.test(value)) {
        // Stored, it would read back as another string: writes by it would miss their row.
        violation(problems, path, value, "be well-formed Unicode (it holds a lone UTF-16 surrogate)");
        return;
      }
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
      // botocore lets Python's True through as an int; on the wire it is no number at all.
      if (typeof value === "boolean") violation(problems, path, value, "be a number");
      if (typeof value === "number" && shape.max !== undefined && value > shape.max) {
        violation(problems, path, value, `have value less than or equal to ${shape.max}`);
      }
      return;
    default:
      return;
  }
}
