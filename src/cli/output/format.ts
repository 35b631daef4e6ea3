/**
 * Printing a result the way AWS CLI v2 does. `json`: 4-space indent, raw UTF-8, nothing at all for an
 * empty object. `text`: awscli's TextFormatter (see text.ts).
 */
import { formatText } from "./text.js";

export type OutputFormat = "json" | "text" | "table" | "yaml" | "yaml-stream";

export const OUTPUT_FORMATS: OutputFormat[] = ["json", "text", "table", "yaml", "yaml-stream"];

export function formatJson(value: unknown): string {
  if (isEmptyObject(value)) return "";
  return `${JSON.stringify(value ?? null, null, 4)}\n`;
}

export function isEmptyObject(value: unknown): boolean {
  return typeof value === "object" && value !== null && !Array.isArray(value) && Object.keys(value).length === 0;
}

export function formatOutput(format: OutputFormat, value: unknown): string {
  switch (format) {
    case "text":
      return formatText(value);
    default:
      return formatJson(value);
  }
}
