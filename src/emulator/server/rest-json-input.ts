/**
 * A rest-json request → the SDK-shaped input the emulator takes: the JSON body's members, then the
 * path labels and query parameters the model binds to members (typed by the model: `limit` is an
 * integer). A body key naming a path or query member is ignored, as the service would.
 */
import type { Operation, OperationMember } from "../../model/types.js";
import { WireInputError, type WireRequest } from "./protocol.js";
import { parseJsonObject } from "./wire-json.js";

const JSON_MEDIA_TYPES = ["application/json", "application/x-amz-json-1.0", "application/x-amz-json-1.1"];

export function restJsonInput(
  operation: Operation,
  labels: Record<string, string>,
  request: WireRequest,
): Record<string, unknown> {
  checkContentType(request);
  const input = parseJsonObject(request.body);
  for (const member of operation.input?.members ?? []) {
    if (member.location === "body") continue;
    delete input[member.name];
    const wireName = member.locationName ?? member.name;
    if (member.location === "uri" && labels[wireName] !== undefined) {
      input[member.name] = labels[wireName];
    } else if (member.location === "querystring") {
      const value = request.query.get(wireName);
      if (value !== null) input[member.name] = queryValue(member, value);
    }
  }
  return input;
}

/** A body must be JSON; SDKs and the AWS CLI send `application/json`, older botocore sends none. */
function checkContentType(request: WireRequest): void {
  const contentType = request.headers["content-type"];
  if (request.body.length === 0 || contentType === undefined) return;
  const mediaType = contentType.split(";")[0]?.trim().toLowerCase() ?? "";
  if (!JSON_MEDIA_TYPES.includes(mediaType)) {
    throw new WireInputError(`Unsupported Content-Type ${contentType}: the request body must be application/json`);
  }
}

/** Query values are strings on the wire; App Mesh's query members are strings and integers (`limit`). */
function queryValue(member: OperationMember, value: string): unknown {
  if (member.type !== "integer" && member.type !== "long") return value;
  if (!/^-?\d+$/.test(value)) throw new WireInputError(`${member.name} must be an integer, got "${value}"`);
  return Number(value);
}
