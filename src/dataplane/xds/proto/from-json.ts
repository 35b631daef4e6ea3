/**
 * Envoy's proto3 JSON (the shapes of dataplane/envoy/: snake_case fields, durations as "15s", wrappers
 * as bare values, Any with its "@type", Struct as plain JSON) as protobuf messages of Envoy's own
 * types. Strict as Envoy's own JSON parser: an unknown field, a value of the wrong kind, an Any without
 * "@type" or with a type that is not known, two members of a oneof, each is an error naming its path.
 * Every message is checked against its protoc-gen-validate rules as it is built (see validate-rules.ts).
 */
import protobuf from "protobufjs";
import { fullNameOf } from "./full-name.js";
import { ProtoJsonError } from "./proto-json-error.js";
import { checkRules } from "./validate-rules.js";

type Json = unknown;
type JsonObject = Record<string, Json>;

const isObject = (value: Json): value is JsonObject =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** `type`'s message built from its proto3 JSON form, validated. */
export function fromProtoJson(type: protobuf.Type, json: Json, path: string): protobuf.Message {
  return messageOf(type, json, path);
}

function messageOf(type: protobuf.Type, json: Json, path: string): protobuf.Message {
  const special = WELL_KNOWN[fullNameOf(type)];
  if (special) return type.create(special(type, json, path) as Record<string, unknown>);
  if (!isObject(json)) throw new ProtoJsonError(path, `expected an object (${type.name}), got ${kindOf(json)}`);
  const properties: Record<string, unknown> = {};
  const oneofMembers = new Map<string, string>();
  for (const [key, value] of Object.entries(json)) {
    const field = fieldOf(type, key);
    if (!field) throw new ProtoJsonError(path, `unknown field "${key}" in ${type.fullName.slice(1)}`);
    if (value === null && !(field.resolvedType && fullNameOf(field.resolvedType) === ".google.protobuf.Value"))
      continue;
    const fieldPath = `${path}.${field.name}`;
    if (field.partOf) {
      const other = oneofMembers.get(field.partOf.name);
      if (other)
        throw new ProtoJsonError(path, `both ${other} and ${field.name} of oneof ${field.partOf.name} are set`);
      oneofMembers.set(field.partOf.name, field.name);
    }
    properties[field.name] = fieldValue(field, value, fieldPath);
  }
  const message = type.create(properties);
  checkRules(type, message, path);
  return message;
}

function fieldOf(type: protobuf.Type, key: string): protobuf.Field | undefined {
  const direct = type.fields[key];
  if (direct) return direct.resolve();
  const snake = key.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
  return type.fields[snake]?.resolve();
}

function fieldValue(field: protobuf.Field, value: Json, path: string): unknown {
  if (field.map) {
    if (!isObject(value)) throw new ProtoJsonError(path, `expected a map (object), got ${kindOf(value)}`);
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, single(field, item, `${path}.${key}`)]));
  }
  if (field.repeated) {
    if (!Array.isArray(value)) throw new ProtoJsonError(path, `expected a list, got ${kindOf(value)}`);
    return value.map((item, index) => single(field, item, `${path}[${index}]`));
  }
  return single(field, value, path);
}

function single(field: protobuf.Field, value: Json, path: string): unknown {
  const resolved = field.resolvedType;
  if (resolved instanceof protobuf.Type) return messageOf(resolved, value, path);
  if (resolved instanceof protobuf.Enum) return enumValue(resolved, value, path);
  return scalar(field.type, value, path);
}

function enumValue(type: protobuf.Enum, value: Json, path: string): number {
  if (typeof value === "string") {
    const number = type.values[value];
    if (number === undefined) throw new ProtoJsonError(path, `"${value}" is not a value of ${type.name}`);
    return number;
  }
  if (typeof value === "number" && Number.isInteger(value)) return value;
  throw new ProtoJsonError(path, `expected a ${type.name} name, got ${kindOf(value)}`);
}

const INT_RANGES: Record<string, [number, number]> = {
  int32: [-(2 ** 31), 2 ** 31 - 1],
  sint32: [-(2 ** 31), 2 ** 31 - 1],
  sfixed32: [-(2 ** 31), 2 ** 31 - 1],
  uint32: [0, 2 ** 32 - 1],
  fixed32: [0, 2 ** 32 - 1],
};
const INT64 = new Set(["int64", "uint64", "sint64", "fixed64", "sfixed64"]);

function scalar(kind: string, value: Json, path: string): unknown {
  switch (kind) {
    case "string":
      if (typeof value !== "string") throw new ProtoJsonError(path, `expected a string, got ${kindOf(value)}`);
      return value;
    case "bool":
      if (typeof value !== "boolean") throw new ProtoJsonError(path, `expected true or false, got ${kindOf(value)}`);
      return value;
    case "bytes":
      if (typeof value !== "string") throw new ProtoJsonError(path, `expected base64 text, got ${kindOf(value)}`);
      return Buffer.from(value, "base64");
    case "double":
    case "float": {
      const number = typeof value === "string" && /^(NaN|-?Infinity)$/.test(value) ? Number(value) : value;
      if (typeof number !== "number") throw new ProtoJsonError(path, `expected a number, got ${kindOf(value)}`);
      return number;
    }
  }
  const range = INT_RANGES[kind];
  if (range) {
    const number = typeof value === "string" && /^-?\d+$/.test(value) ? Number(value) : value;
    if (typeof number !== "number" || !Number.isInteger(number) || number < range[0] || number > range[1]) {
      throw new ProtoJsonError(path, `expected a ${kind}, got ${JSON.stringify(value)}`);
    }
    return number;
  }
  if (INT64.has(kind)) {
    const text = typeof value === "number" && Number.isSafeInteger(value) ? String(value) : value;
    if (typeof text !== "string" || !/^-?\d+$/.test(text) || (kind.startsWith("u") && text.startsWith("-"))) {
      throw new ProtoJsonError(path, `expected a ${kind} (a string of digits), got ${JSON.stringify(value)}`);
    }
    return text;
  }
  throw new ProtoJsonError(path, `cannot read a ${kind}`);
}

/** google.protobuf.Duration: "15s", "0.250s", "-1.5s". */
export function durationOf(value: Json, path: string): { seconds: number; nanos: number } {
  const match = typeof value === "string" ? /^(-)?(\d+)(?:\.(\d{1,9}))?s$/.exec(value) : null;
  if (!match) throw new ProtoJsonError(path, `expected a duration such as "15s", got ${JSON.stringify(value)}`);
  const sign = match[1] ? -1 : 1;
  const nanos = Number((match[3] ?? "").padEnd(9, "0"));
  return { seconds: sign * Number(match[2]), nanos: sign * nanos };
}

type Special = (type: protobuf.Type, json: Json, path: string) => unknown;

const wrapper =
  (kind: string): Special =>
  (_type, json, path) => ({ value: scalar(kind, json, path) });

function protoValueOf(json: Json, path: string): Record<string, unknown> {
  // protobuf.js defines google.protobuf.Value with camelCase field names.
  if (json === null) return { nullValue: 0 };
  if (typeof json === "number") return { numberValue: json };
  if (typeof json === "string") return { stringValue: json };
  if (typeof json === "boolean") return { boolValue: json };
  if (Array.isArray(json)) return { listValue: { values: json.map((item, i) => protoValueOf(item, `${path}[${i}]`)) } };
  if (isObject(json)) return { structValue: structOf(json, path) };
  throw new ProtoJsonError(path, `cannot hold ${kindOf(json)} in a google.protobuf.Value`);
}

function structOf(json: Json, path: string): Record<string, unknown> {
  if (!isObject(json)) throw new ProtoJsonError(path, `expected an object (Struct), got ${kindOf(json)}`);
  return {
    fields: Object.fromEntries(Object.entries(json).map(([key, item]) => [key, protoValueOf(item, `${path}.${key}`)])),
  };
}

const WELL_KNOWN: Record<string, Special> = {
  ".google.protobuf.Duration": (_type, json, path) => durationOf(json, path),
  ".google.protobuf.Timestamp": (_type, json, path) => {
    const millis = typeof json === "string" ? Date.parse(json) : Number.NaN;
    if (Number.isNaN(millis)) throw new ProtoJsonError(path, `expected an RFC 3339 time, got ${JSON.stringify(json)}`);
    return { seconds: Math.floor(millis / 1000), nanos: (millis % 1000) * 1e6 };
  },
  ".google.protobuf.DoubleValue": wrapper("double"),
  ".google.protobuf.FloatValue": wrapper("float"),
  ".google.protobuf.Int64Value": wrapper("int64"),
  ".google.protobuf.UInt64Value": wrapper("uint64"),
  ".google.protobuf.Int32Value": wrapper("int32"),
  ".google.protobuf.UInt32Value": wrapper("uint32"),
  ".google.protobuf.BoolValue": wrapper("bool"),
  ".google.protobuf.StringValue": wrapper("string"),
  ".google.protobuf.BytesValue": wrapper("bytes"),
  ".google.protobuf.Struct": (_type, json, path) => structOf(json, path),
  ".google.protobuf.Value": (_type, json, path) => protoValueOf(json, path),
  ".google.protobuf.ListValue": (_type, json, path) => {
    if (!Array.isArray(json)) throw new ProtoJsonError(path, `expected a list, got ${kindOf(json)}`);
    return { values: json.map((item, i) => protoValueOf(item, `${path}[${i}]`)) };
  },
  ".google.protobuf.Empty": (_type, json, path) => {
    if (!isObject(json) || Object.keys(json).length) throw new ProtoJsonError(path, "expected {}");
    return {};
  },
  ".google.protobuf.Any": (type, json, path) => anyOf(type, json, path),
};

/** The types "@type" URLs name, looked up once per set of protos. */
const anyTypes = new WeakMap<protobuf.Type, Map<string, protobuf.Type | null>>();

function typeOfAny(anyType: protobuf.Type, typeUrl: string): protobuf.Type | null {
  let known = anyTypes.get(anyType);
  if (!known) {
    known = new Map();
    anyTypes.set(anyType, known);
  }
  let type = known.get(typeUrl);
  if (type === undefined) {
    try {
      type = anyType.root.lookupType(typeUrl.slice(typeUrl.lastIndexOf("/") + 1));
    } catch {
      type = null;
    }
    known.set(typeUrl, type);
  }
  return type;
}

/** Any: the message named by "@type" (which must be one of Envoy's known types), encoded. */
function anyOf(anyType: protobuf.Type, json: Json, path: string): { type_url: string; value: Uint8Array } {
  if (!isObject(json)) throw new ProtoJsonError(path, `expected an object with "@type", got ${kindOf(json)}`);
  const typeUrl = json["@type"];
  if (typeof typeUrl !== "string") throw new ProtoJsonError(path, 'a typed extension without "@type"');
  const inner = typeOfAny(anyType, typeUrl);
  if (!inner) throw new ProtoJsonError(path, `"@type" ${typeUrl} is not a type of Envoy's v3 API known here`);
  const { "@type": _, ...rest } = json;
  const message = messageOf(inner, WELL_KNOWN[fullNameOf(inner)] ? rest.value : rest, path);
  return { type_url: typeUrl, value: inner.encode(message).finish() };
}

function kindOf(value: Json): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "an object";
  return `${typeof value} ${JSON.stringify(value)}`;
}
