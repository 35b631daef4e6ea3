/**
 * A flag's text → the parameter value the model wants (awscli argprocess.py): `file://` first, then
 * JSON when the text starts with `{` or `[`, shorthand for other structure-like values, and model-typed
 * scalars. Type mistakes are left for validation, which reports them all at once with their paths.
 */
import { shapeOf } from "../../model/models.js";
import { setOwn } from "../../model/set-own.js";
import type { OperationMember, ServiceModel, Shape } from "../../model/types.js";
import { pythonRepr } from "../../validate/python-text.js";
import { paramError, valueError } from "../errors.js";
import { loadParamFile } from "./paramfile.js";
import { PythonJsonError, parsePythonJson } from "./python-json.js";
import { parseShorthand, ShorthandParseError, type ShorthandValue } from "./shorthand.js";

export interface InputContext {
  cwd: string;
  env: NodeJS.ProcessEnv;
}

/** The value of one operation flag, as given on the command line (one string, or several for a list). */
export function unpackArgument(
  model: ServiceModel,
  member: OperationMember,
  raw: string | string[],
  ctx: InputContext,
): unknown {
  const flag = `--${member.cliName}`;
  let value: string | string[] = Array.isArray(raw) && raw.length === 1 ? (raw[0] as string) : raw;
  if (typeof value === "string") value = loadParamFile(value, flag, ctx.cwd, ctx.env);
  return unpack(model, shapeOf(model, member.shape), value, flag);
}

function unpack(model: ServiceModel, shape: Shape, value: string | string[], flag: string): unknown {
  if (isComplex(model, shape)) {
    const first = Array.isArray(value) ? value[0] : value;
    const looksLikeJson = first !== undefined && /^\s*[[{]/.test(first);
    if (!looksLikeJson) return shorthand(model, shape, value, flag);
  }
  switch (shape.type) {
    case "structure":
    case "map":
      return unpackJsonObject(asText(value), flag);
    case "list":
      return unpackList(model, shape, value, flag);
    default:
      return scalar(shape, asText(value));
  }
}

function asText(value: string | string[]): string {
  return Array.isArray(value) ? value.join(" ") : value;
}

/** Structures, maps, and lists of those take shorthand; lists of scalars do not. */
function isComplex(model: ServiceModel, shape: Shape): boolean {
  if (shape.type === "structure" || shape.type === "map") return true;
  if (shape.type !== "list" || !shape.member) return false;
  return ["structure", "list", "map"].includes(shapeOf(model, shape.member).type);
}

function unpackJsonObject(text: string, flag: string): unknown {
  if (!text.trimStart().startsWith("{")) throw paramError(flag, `Invalid JSON:\n${text}`);
  try {
    return parsePythonJson(text);
  } catch (error) {
    if (error instanceof PythonJsonError)
      throw paramError(flag, `Invalid JSON: ${error.message}\nJSON received: ${text}`);
    throw error;
  }
}

function unpackList(model: ServiceModel, shape: Shape, value: string | string[], flag: string): unknown {
  const items = Array.isArray(value) ? value : [value];
  if (items.length === 1 && (items[0] ?? "").trimStart().startsWith("[")) {
    try {
      return parsePythonJson(items[0] ?? "");
    } catch (error) {
      // The AWS CLI lets this one escape as a bare ValueError (exit 255).
      if (error instanceof PythonJsonError) throw valueError(error.message);
      throw error;
    }
  }
  const member = shapeOf(model, shape.member ?? "String");
  return items.map((item) => unpack(model, member, item, flag));
}

function shorthand(model: ServiceModel, shape: Shape, value: string | string[], flag: string): unknown {
  try {
    if (Array.isArray(value)) {
      const parsed = value.map(parseShorthand);
      return coerce(model, shape, parsed);
    }
    return coerce(model, shape, parseShorthand(value));
  } catch (error) {
    if (error instanceof ShorthandParseError) throw paramError(flag, error.message);
    throw error;
  }
}

/**
 * Gives shorthand's strings the model's types (awscli's BackCompatVisitor): integers, booleans, and a
 * lone value where a list is expected.
 */
function coerce(model: ServiceModel, shape: Shape, value: ShorthandValue | undefined): unknown {
  if (value === undefined) return undefined;
  switch (shape.type) {
    case "structure": {
      if (typeof value !== "object" || Array.isArray(value)) return value;
      const out: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(value)) {
        const ref = shape.members && Object.hasOwn(shape.members, key) ? shape.members[key] : undefined;
        setOwn(out, key, ref ? coerce(model, shapeOf(model, ref), item) : item);
      }
      return out;
    }
    case "list": {
      const member = shapeOf(model, shape.member ?? "String");
      const items = Array.isArray(value) ? value : [value];
      return items.map((item) => coerce(model, member, item));
    }
    case "map": {
      if (typeof value !== "object" || Array.isArray(value) || !shape.value) return value;
      const valueShape = shapeOf(model, shape.value);
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, coerce(model, valueShape, v)]));
    }
    default:
      return typeof value === "string" ? scalar(shape, value, true) : value;
  }
}

/** A scalar flag or shorthand value, typed by the model the way Python's int() / bool rules do. */
function scalar(shape: Shape, text: string, fromShorthand = false): unknown {
  switch (shape.type) {
    case "integer":
    case "long":
      return pythonInt(text);
    case "float":
    case "double": {
      const n = Number(text.trim());
      if (text.trim() === "" || Number.isNaN(n)) throw valueError("[<class 'decimal.ConversionSyntax'>]");
      return n;
    }
    case "boolean": {
      const lower = text.toLowerCase();
      if (lower === "true") return true;
      if (lower === "false") return false;
      // Shorthand leaves anything else as a string (validation rejects it); a flag follows Python's bool().
      return fromShorthand ? text : text.length > 0;
    }
    default:
      return text;
  }
}

function pythonInt(text: string): number {
  if (!/^\s*[+-]?\d+(?:_\d+)*\s*$/.test(text)) {
    throw valueError(`invalid literal for int() with base 10: ${pythonRepr(text)}`);
  }
  return Number(text.trim().replaceAll("_", ""));
}
