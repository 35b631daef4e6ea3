/**
 * An operation's output as botocore parses it: only the model's members, in model order, with
 * timestamps as ISO-8601 text in the local time zone (what AWS CLI v2 prints). Whichever backend
 * answered, the formatters see this one shape.
 */
import { shapeOf } from "../../model/models.js";
import type { ServiceModel, Shape } from "../../model/types.js";

export function normalizeOutput(model: ServiceModel, shapeName: string, value: unknown): unknown {
  return walk(model, shapeOf(model, shapeName), value);
}

function walk(model: ServiceModel, shape: Shape, value: unknown): unknown {
  if (value === null || value === undefined) return value;
  switch (shape.type) {
    case "structure": {
      if (typeof value !== "object" || Array.isArray(value)) return value;
      const source = value as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      for (const [name, ref] of Object.entries(shape.members ?? {})) {
        if (source[name] !== undefined) out[name] = walk(model, shapeOf(model, ref), source[name]);
      }
      return out;
    }
    case "list":
      return Array.isArray(value) && shape.member
        ? value.map((item) => walk(model, shapeOf(model, shape.member ?? ""), item))
        : value;
    case "map": {
      if (typeof value !== "object" || Array.isArray(value) || !shape.value) return value;
      const valueShape = shapeOf(model, shape.value);
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(model, valueShape, v)]));
    }
    case "timestamp":
      return isoTimestamp(value);
    default:
      return value;
  }
}

/**
 * Python's `datetime.isoformat()` of a timestamp in the local zone: `2023-11-14T22:13:20.123000+00:00`,
 * without the fraction when it is zero.
 */
export function isoTimestamp(value: unknown): unknown {
  const date = value instanceof Date ? value : typeof value === "number" ? new Date(value * 1000) : null;
  if (!date || Number.isNaN(date.getTime())) return value;
  const pad = (n: number, width = 2) => String(n).padStart(width, "0");
  const offset = -date.getTimezoneOffset();
  const sign = offset < 0 ? "-" : "+";
  const abs = Math.abs(offset);
  const fraction = date.getMilliseconds() === 0 ? "" : `.${pad(date.getMilliseconds(), 3)}000`;
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}` +
    `T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}${fraction}` +
    `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
  );
}
