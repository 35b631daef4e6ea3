/**
 * A service's error answer read the way botocore reads it, from the raw response, so that any body
 * (JSON, plain text, HTML, nothing) gives the AWS CLI's code and message: a 5xx with an empty or HTML
 * body is its status and reason phrase; otherwise the body's `message` / `Message` (a body that is not
 * JSON is the message itself), and the code from `x-amzn-ErrorType` (rest-json), the body's `code` /
 * `Code` (rest-json) or `__type`, else the status.
 */
import { createRequire } from "node:module";

export interface RawResponse {
  status: number;
  headers: Record<string, string | undefined>;
  body: string;
}

/** Python's http.client reason phrases where they differ from Node's. */
const PYTHON_REASONS: Record<number, string> = {
  418: "I'm a Teapot",
  413: "Request Entity Too Large",
  414: "Request-URI Too Long",
};

function header(raw: RawResponse, name: string): string | undefined {
  const key = Object.keys(raw.headers).find((k) => k.toLowerCase() === name);
  return key === undefined ? undefined : raw.headers[key];
}

function bodyObject(text: string): Record<string, unknown> {
  if (!text) return {};
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed && typeof parsed === "object" && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  } catch {
    return { message: text };
  }
}

/** Node's reason phrase of a status; node:http is required only then, as loading it costs every command start-up time. */
function reasonPhrase(status: number): string | undefined {
  return (createRequire(import.meta.url)("node:http") as typeof import("node:http")).STATUS_CODES[status];
}

export function errorFromResponse(raw: RawResponse, protocol: "rest-json" | "json"): { code: string; message: string } {
  const trimmed = raw.body.trim();
  if (raw.status >= 500 && (trimmed === "" || trimmed.startsWith("<html>"))) {
    return { code: String(raw.status), message: PYTHON_REASONS[raw.status] ?? reasonPhrase(raw.status) ?? "" };
  }
  const body = bodyObject(raw.body);
  const text = (value: unknown) => (value === undefined ? undefined : String(value));
  const message = text(body.message) ?? text(body.Message) ?? "";
  const errorType = header(raw, "x-amzn-errortype");
  let code: string;
  if (protocol === "rest-json" && errorType !== undefined) code = errorType.split(":")[0] ?? "";
  else if (protocol === "rest-json" && ("code" in body || "Code" in body)) code = text(body.code ?? body.Code) ?? "";
  else code = text(body.__type) ?? String(raw.status);
  if (code.includes("#")) code = code.slice(code.lastIndexOf("#") + 1);
  return { code, message };
}
