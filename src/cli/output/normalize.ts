/**
 * An operation's output as botocore parses it: only the model's members, in model order, with
 * timestamps as ISO-8601 text in the local time zone (what AWS CLI v2 prints), or with
 * `cli_timestamp_format = wire` as the epoch seconds the service sent. Whichever backend answered,
 * the formatters see this one shape.
 */
import { shapeOf } from "../../model/models.js";
import type { ServiceModel, Shape } from "../../model/types.js";

export type TimestampFormat = "iso8601" | "wire";

export const TIMESTAMP_FORMATS: TimestampFormat[] = ["wire", "iso8601"];

export function normalizeOutput(
  model: ServiceModel,
  shapeName: string,
  value: unknown,
  timestamps: TimestampFormat = "iso8601",
): unknown {
  return walk(model, shapeOf(model, shapeName), value, timestamps);
}

function walk(model: ServiceModel, shape: Shape, value: unknown, timestamps: TimestampFormat): unknown {
  if (value === null || value === undefined) return value;
  switch (shape.type) {
    case "structure": {
      if (typeof value !== "object" || Array.isArray(value)) return value;
      const source = value as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      for (const [name, ref] of Object.entries(shape.members ?? {})) {
        if (source[name] !== undefined) out[name] = walk(model, shapeOf(model, ref), source[name], timestamps);
      }
      return out;
    }
    case "list":
      return Array.isArray(value) && shape.member
        ? value.map((item) => walk(model, shapeOf(model, shape.member ?? ""), item, timestamps))
        : value;
    case "map": {
      if (typeof value !== "object" || Array.isArray(value) || !shape.value) return value;
      const valueShape = shapeOf(model, shape.value);
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(model, valueShape, v, timestamps)]));
    }
    case "timestamp":
      return timestamps === "wire" ? wireTimestamp(value) : isoTimestamp(value);
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

/** A timestamp as the JSON protocols send it: epoch seconds, with the milliseconds as a fraction. */
export function wireTimestamp(value: unknown): unknown {
  return value instanceof Date ? value.getTime() / 1000 : value;
}
