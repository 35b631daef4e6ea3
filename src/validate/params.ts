/**
 * Tier 1: what the AWS CLI checks before sending (botocore's ParamValidator), with its exact wording:
 * required members, unknown members, types, minimum lengths and values, tagged unions. All problems are
 * collected, in botocore's order: union count, missing members (model order), unknown keys (input
 * order), then each known member (input order).
 */
import { isRecord } from "../model/json.js";
import { shapeOf } from "../model/models.js";
import type { ServiceModel, Shape } from "../model/types.js";
import { childPath, type Problem } from "./problem.js";
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

/** The problems in `params` against the input shape (empty when valid). */
export function checkParams(model: ServiceModel, shapeName: string, params: unknown): Problem[] {
  const problems: Problem[] = [];
  walk(model, shapeOf(model, shapeName), params, "", problems);
  return problems;
}

/** The same, as botocore's lines. */
export function validateParams(model: ServiceModel, shapeName: string, params: unknown): string[] {
  return checkParams(model, shapeName, params).map((p) => p.botocore ?? p.message);
}

export function formatValidationReport(problems: string[]): string {
  return `Parameter validation failed:\n${problems.join("\n")}`;
}

function label(path: string): string {
  return path || "input";
}

function report(problems: Problem[], path: string, message: string, botocore: string): void {
  problems.push({ path: label(path), message, severity: "error", botocore });
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

function walk(model: ServiceModel, shape: Shape, value: unknown, path: string, problems: Problem[]): void {
  if (!typeMatches(shape, value)) {
    report(
      problems,
      path,
      `invalid type ${pythonType(value)}, expected ${VALID_TYPES[shape.type]}`,
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
      for (const [i, item] of items.entries()) walk(model, member, item, childPath(path, i), problems);
      return;
    }
    case "map": {
      for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
        if (shape.key) walk(model, shapeOf(model, shape.key), key, `${path} (key: ${key})`, problems);
        if (shape.value) walk(model, shapeOf(model, shape.value), item, childPath(path, key), problems);
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
  problems: Problem[],
): void {
  const members = shape.members ?? {};
  const names = Object.keys(members);
  const given = Object.keys(value);
  if (shape.union) {
    const keys = `${names.join(". ")}.`;
    if (given.length === 0) {
      report(
        problems,
        path,
        `set exactly one of: ${names.join(", ")}`,
        `Must set one of the following keys for tagged unionstructure ${label(path)}: ${keys}`,
      );
    } else if (given.length > 1) {
      report(
        problems,
        path,
        `set exactly one of: ${names.join(", ")} (${given.length} are set)`,
        `Invalid number of parameters set for tagged union structure ${label(path)}. Can only set one of the following keys: ${keys}`,
      );
    }
  }
  for (const required of shape.required ?? []) {
    if (!Object.hasOwn(value, required)) {
      report(
        problems,
        childPath(path, required),
        "a required member is missing",
        `Missing required parameter in ${label(path)}: "${required}"`,
      );
    }
  }
  for (const key of given) {
    if (!Object.hasOwn(members, key)) {
      report(
        problems,
        childPath(path, key),
        `unknown member, must be one of: ${names.join(", ")}`,
        `Unknown parameter in ${label(path)}: "${key}", must be one of: ${names.join(", ")}`,
      );
    }
  }
  for (const key of given) {
    const ref = Object.hasOwn(members, key) ? members[key] : undefined;
    if (ref) walk(model, shapeOf(model, ref), value[key], childPath(path, key), problems);
  }
}

function checkMin(shape: Shape, actual: number, path: string, what: "length" | "value", problems: Problem[]): void {
  if (shape.min !== undefined && actual < shape.min) {
    report(
      problems,
      path,
      `${what} ${actual} is below the minimum ${shape.min}`,
      `Invalid ${what} for parameter ${label(path)}, value: ${actual}, valid min ${what}: ${shape.min}`,
    );
  }
}
