/**
 * Tier 1: what the AWS CLI checks before sending (botocore's ParamValidator), with its exact wording:
 * required members, unknown members, types, minimum lengths and values, tagged unions. All problems are
 * collected, in botocore's order: union count, missing members (model order), unknown keys (input
 * order), then each known member (input order).
 */
import { shapeOf } from "../model/models.js";
import type { ServiceModel, Shape } from "../model/types.js";
import { pythonStr, pythonType } from "./python-text.js";

const VALID_TYPES: Record<string, string> = {
  structure: "<class 'dict'>",
  map: "<class 'dict'>",
  list: "<class 'list'>, <class 'tuple'>",
  string: "<class 'str'>",
  integer: "<class 'int'>",
  long: "<class 'int'>",
  boolean: "<class 'bool'>",
  float: "<class 'float'>, <class 'decimal.Decimal'>, <class 'int'>",
  double: "<class 'float'>, <class 'decimal.Decimal'>, <class 'int'>",
  timestamp: "<class 'datetime.datetime'>, timestamp-string",
  blob: "<class 'bytes'>, <class 'bytearray'>, file-like object",
};

/** The problems in `params` against the input shape, one botocore line each (empty when valid). */
export function validateParams(model: ServiceModel, shapeName: string, params: unknown): string[] {
  const problems: string[] = [];
  walk(model, shapeOf(model, shapeName), params, "", problems);
  return problems;
}

export function formatValidationReport(problems: string[]): string {
  return `Parameter validation failed:\n${problems.join("\n")}`;
}

function label(path: string): string {
  if (!path) return "input";
  return path.startsWith(".") ? path.slice(1) : path;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

function typeMatches(shape: Shape, value: unknown): boolean {
  switch (shape.type) {
    case "structure":
    case "map":
      return isRecord(value);
    case "list":
      return Array.isArray(value);
    case "string":
      return typeof value === "string";
    case "integer":
    case "long":
      // Python's bool is an int, so botocore lets True through where an integer is expected.
      return (typeof value === "number" && Number.isInteger(value)) || typeof value === "boolean";
    case "boolean":
      return typeof value === "boolean";
    case "float":
    case "double":
      return typeof value === "number";
    case "timestamp":
      return (
        value instanceof Date ||
        typeof value === "number" ||
        (typeof value === "string" && !Number.isNaN(Date.parse(value)))
      );
    case "blob":
      return typeof value === "string" || value instanceof Uint8Array;
  }
}

function walk(model: ServiceModel, shape: Shape, value: unknown, path: string, problems: string[]): void {
  if (!typeMatches(shape, value)) {
    problems.push(
      `Invalid type for parameter ${label(path)}, value: ${pythonStr(value)}, type: ${pythonType(value)}, valid types: ${VALID_TYPES[shape.type]}`,
    );
    return;
  }
  switch (shape.type) {
    case "structure":
      walkStructure(model, shape, value as Record<string, unknown>, path, problems);
      return;
    case "list": {
      const items = value as unknown[];
      checkMin(shape, items.length, path, "length", problems);
      const member = shapeOf(model, shape.member ?? "String");
      for (const [i, item] of items.entries()) walk(model, member, item, `${path}[${i}]`, problems);
      return;
    }
    case "map": {
      const entries = Object.entries(value as Record<string, unknown>);
      for (const [key, item] of entries) {
        if (shape.key) walk(model, shapeOf(model, shape.key), key, `${path} (key: ${key})`, problems);
        if (shape.value) walk(model, shapeOf(model, shape.value), item, `${path}.${key}`, problems);
      }
      return;
    }
    case "string":
      checkMin(shape, [...(value as string)].length, path, "length", problems);
      return;
    case "integer":
    case "long":
    case "float":
    case "double":
      checkMin(shape, Number(value), path, "value", problems);
      return;
    default:
      return;
  }
}

function walkStructure(
  model: ServiceModel,
  shape: Shape,
  value: Record<string, unknown>,
  path: string,
  problems: string[],
): void {
  const members = shape.members ?? {};
  const names = Object.keys(members);
  const given = Object.keys(value);
  if (shape.union) {
    const keys = `${names.join(". ")}.`;
    if (given.length === 0) {
      problems.push(`Must set one of the following keys for tagged unionstructure ${label(path)}: ${keys}`);
    } else if (given.length > 1) {
      problems.push(
        `Invalid number of parameters set for tagged union structure ${label(path)}. Can only set one of the following keys: ${keys}`,
      );
    }
  }
  for (const required of shape.required ?? []) {
    if (!(required in value)) problems.push(`Missing required parameter in ${label(path)}: "${required}"`);
  }
  for (const key of given) {
    if (!(key in members)) {
      problems.push(`Unknown parameter in ${label(path)}: "${key}", must be one of: ${names.join(", ")}`);
    }
  }
  for (const key of given) {
    const ref = members[key];
    if (ref) walk(model, shapeOf(model, ref), value[key], `${path}.${key}`, problems);
  }
}

function checkMin(shape: Shape, actual: number, path: string, what: "length" | "value", problems: string[]): void {
  if (shape.min !== undefined && actual < shape.min) {
    problems.push(`Invalid ${what} for parameter ${label(path)}, value: ${actual}, valid min ${what}: ${shape.min}`);
  }
}
