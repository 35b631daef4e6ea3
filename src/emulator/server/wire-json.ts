/**
 * JSON as AWS's JSON protocols send it: timestamps are epoch seconds as numbers (1700000000.123), which
 * is what the SDKs' `parseEpochTimestamp` accepts, and request bodies are JSON objects.
 */
import { setOwn } from "../../model/set-own.js";
import { WireInputError } from "./protocol.js";

export function toWireJson(value: unknown): string {
  return JSON.stringify(withEpochSeconds(value));
}

/** A copy with every Date as epoch seconds: three times faster than a JSON.stringify replacer. */
function withEpochSeconds(value: unknown): unknown {
  if (value instanceof Date) return value.getTime() / 1000;
  if (Array.isArray(value)) return value.map(withEpochSeconds);
  if (value === null || typeof value !== "object") return value;
  const copy: Record<string, unknown> = {};
  for (const [key, member] of Object.entries(value)) setOwn(copy, key, withEpochSeconds(member));
  return copy;
}

const UTF8 = new TextDecoder("utf-8", { fatal: true });

/** Far deeper than any input of the models (11 levels); deeper bodies are refused before they are parsed. */
const MAX_NESTING = 100;

/** The body as a JSON object; an empty body is {}. */
export function parseJsonObject(body: Buffer): Record<string, unknown> {
  if (body.length === 0) return {};
  let text: string;
  try {
    text = UTF8.decode(body);
  } catch {
    throw new WireInputError("The request body is not valid UTF-8");
  }
  if (nestsDeeperThan(text, MAX_NESTING)) {
    throw new WireInputError(`The request body nests arrays and objects deeper than ${MAX_NESTING} levels`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new WireInputError(`The request body is not valid JSON: ${(error as Error).message}`);
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new WireInputError("The request body must be a JSON object");
  }
  return value as Record<string, unknown>;
}

/** Whether JSON text opens more than `max` arrays and objects inside one another (strings skipped). */
function nestsDeeperThan(text: string, max: number): boolean {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      // Skip a string, escapes included.
      for (i++; i < text.length && text.charCodeAt(i) !== 0x22; i++) if (text.charCodeAt(i) === 0x5c) i++;
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return true;
    } else if (c === 0x5d || c === 0x7d) {
      depth--;
    }
  }
  return false;
}
