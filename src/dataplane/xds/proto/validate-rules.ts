/**
 * The protoc-gen-validate rules Envoy checks on every resource it receives (`[(validate.rules)…]` in its
 * protos, kept in the generated descriptor): required messages and oneofs, string lengths and header
 * syntax, number bounds (on plain fields and on wrappers), list sizes, durations, defined enum values.
 * A resource that breaks one would be NACKed by Envoy; the server refuses to send it instead.
 */
import protobuf from "protobufjs";
import { fullNameOf } from "./full-name.js";
import { ProtoJsonError } from "./proto-json-error.js";

type Rules = Map<string, unknown>;

const rulesCache = new WeakMap<protobuf.Field, Rules>();

/** `(validate.rules).string.min_len` → `string.min_len`, per field. */
function rulesOf(field: protobuf.Field): Rules {
  let rules = rulesCache.get(field);
  if (!rules) {
    rules = new Map();
    for (const [key, value] of Object.entries(field.options ?? {})) {
      if (key.startsWith("(validate.rules).")) rules.set(key.slice("(validate.rules).".length), value);
    }
    rulesCache.set(field, rules);
  }
  return rules;
}

const underCache = new WeakMap<Rules, Map<string, Rules>>();

/** Sub-rules under a prefix: `items.string.min_len` under `repeated.` is `string.min_len` of each item. */
function under(rules: Rules, prefix: string): Rules {
  let byPrefix = underCache.get(rules);
  if (!byPrefix) {
    byPrefix = new Map();
    underCache.set(rules, byPrefix);
  }
  let out = byPrefix.get(prefix);
  if (!out) {
    out = new Map();
    for (const [key, value] of rules) if (key.startsWith(prefix)) out.set(key.slice(prefix.length), value);
    byPrefix.set(prefix, out);
  }
  return out;
}

export function checkRules(type: protobuf.Type, message: protobuf.Message, path: string): void {
  const values = message as unknown as Record<string, unknown>;
  for (const oneof of type.oneofsArray) {
    if (oneof.options?.["(validate.required)"] && !oneof.oneof.some((name) => isSet(values, name))) {
      throw new ProtoJsonError(path, `one of ${oneof.oneof.join(", ")} is required`);
    }
  }
  for (const field of type.fieldsArray) {
    const rules = rulesOf(field);
    if (!rules.size) continue;
    const value = values[field.name];
    // A oneof member's rules apply only when it is the member set.
    if (field.partOf && !isSet(values, field.name)) continue;
    field.resolve();
    const fieldPath = `${path}.${field.name}`;
    if (field.map) checkMap(rules, value as Record<string, unknown>, fieldPath);
    else if (field.repeated) checkRepeated(rules, (value as unknown[]) ?? [], field, fieldPath);
    else checkValue(rules, value, field, fieldPath);
  }
}

/** Whether a field was given (messages are built with `create` from the given fields only). */
function isSet(values: Record<string, unknown>, name: string): boolean {
  return Object.hasOwn(values, name) && values[name] !== undefined && values[name] !== null;
}

const present = (value: unknown) => value !== undefined && value !== null;

function checkMap(rules: Rules, value: Record<string, unknown> | undefined, path: string): void {
  const keys = Object.keys(value ?? {});
  const minPairs = rules.get("map.min_pairs");
  if (typeof minPairs === "number" && keys.length < minPairs) fail(path, `needs at least ${minPairs} entries`);
  const keyRules = under(rules, "map.keys.");
  for (const key of keys) checkString(keyRules, key, `${path} key "${key}"`);
}

function checkRepeated(rules: Rules, items: unknown[], field: protobuf.Field, path: string): void {
  const min = rules.get("repeated.min_items");
  const max = rules.get("repeated.max_items");
  if (typeof min === "number" && items.length < min) fail(path, `needs at least ${min} item${min === 1 ? "" : "s"}`);
  if (typeof max === "number" && items.length > max) fail(path, `allows at most ${max} items`);
  if (rules.get("repeated.unique") && new Set(items.map((item) => JSON.stringify(item))).size !== items.length) {
    fail(path, "items must be unique");
  }
  const itemRules = under(rules, "repeated.items.");
  if (!itemRules.size) return;
  for (const [i, item] of items.entries()) checkValue(itemRules, item, field, `${path}[${i}]`);
}

function checkValue(rules: Rules, value: unknown, field: protobuf.Field, path: string): void {
  const resolved = field.resolvedType;
  if (rules.get("message.required") && !present(value)) fail(path, "is required");
  if (rules.get("duration.required") && !present(value)) fail(path, "is required");
  if (rules.get("any.required") && !present(value)) fail(path, "is required");
  if (resolved instanceof protobuf.Enum) {
    const number = value as number;
    if (rules.get("enum.defined_only") && !Object.values(resolved.values).includes(number)) {
      fail(path, `${number} is not a defined ${resolved.name}`);
    }
    const notIn = rules.get("enum.not_in");
    if (Array.isArray(notIn) ? notIn.includes(number) : notIn === number) fail(path, `${number} is not allowed`);
    return;
  }
  if (resolved instanceof protobuf.Type) {
    if (!present(value)) return;
    const name = fullNameOf(resolved);
    if (name === ".google.protobuf.Duration") checkDuration(rules, value as Duration, path);
    // Rules on a wrapper field bound the wrapped value.
    else if (name.endsWith("Value") && name.startsWith(".google.protobuf.")) {
      checkScalar(rules, (value as { value: unknown }).value, path);
    }
    return;
  }
  checkScalar(rules, value, path);
}

function checkScalar(rules: Rules, value: unknown, path: string): void {
  if (typeof value === "string") {
    checkString(under(rules, "string."), value, path);
    return;
  }
  if (value instanceof Uint8Array) {
    const min = rules.get("bytes.min_len");
    const max = rules.get("bytes.max_len");
    if (typeof min === "number" && value.length < min) fail(path, `needs at least ${min} bytes`);
    if (typeof max === "number" && value.length > max) fail(path, `allows at most ${max} bytes`);
    return;
  }
  if (typeof value === "boolean") {
    const wanted = rules.get("bool.const");
    if (wanted !== undefined && value !== wanted) fail(path, `must be ${wanted}`);
    return;
  }
  const number = typeof value === "number" ? value : Number(String(value ?? 0));
  for (const kind of ["uint32", "uint64", "int32", "int64", "double", "float"]) {
    checkBounds(under(rules, `${kind}.`), number, path, String);
  }
}

function checkBounds(rules: Rules, value: number, path: string, show: (n: number) => string): void {
  const gt = rules.get("gt") as number | undefined;
  const gte = rules.get("gte") as number | undefined;
  const lt = rules.get("lt") as number | undefined;
  const lte = rules.get("lte") as number | undefined;
  if (gt !== undefined && !(value > gt)) fail(path, `must be greater than ${show(gt)}, is ${show(value)}`);
  if (gte !== undefined && !(value >= gte)) fail(path, `must be at least ${show(gte)}, is ${show(value)}`);
  if (lt !== undefined && !(value < lt)) fail(path, `must be less than ${show(lt)}, is ${show(value)}`);
  if (lte !== undefined && !(value <= lte)) fail(path, `must be at most ${show(lte)}, is ${show(value)}`);
}

/** Header names and values may hold no NUL, CR or LF (PGV's non-strict HTTP header check). */
const HEADER_TEXT = /^[^\0\r\n]*$/;

function checkString(rules: Rules, value: string, path: string): void {
  if (rules.get("ignore_empty") && value === "") return;
  const min = rules.get("min_len");
  const maxBytes = rules.get("max_bytes");
  if (typeof min === "number" && [...value].length < min)
    fail(path, min === 1 ? "must not be empty" : `needs ${min}+ characters`);
  if (typeof maxBytes === "number" && Buffer.byteLength(value) > maxBytes)
    fail(path, `allows at most ${maxBytes} bytes`);
  const regex = rules.get("well_known_regex");
  if (regex !== undefined && !HEADER_TEXT.test(value)) fail(path, `is not a valid ${String(regex).toLowerCase()}`);
  const allowed = rules.get("in");
  if (allowed !== undefined && !(Array.isArray(allowed) ? allowed : [allowed]).includes(value)) {
    fail(path, `must be one of ${JSON.stringify(allowed)}`);
  }
}

interface Duration {
  seconds: number | { toNumber(): number };
  nanos: number;
}

const secondsOf = (d: { seconds?: unknown; nanos?: unknown }) =>
  Number(typeof d.seconds === "object" && d.seconds ? String(d.seconds) : (d.seconds ?? 0)) +
  Number(d.nanos ?? 0) / 1e9;

function checkDuration(rules: Rules, value: Duration, path: string): void {
  const bounds: Rules = new Map();
  for (const bound of ["gt", "gte", "lt", "lte"]) {
    const parts = under(rules, `duration.${bound}.`);
    if (parts.size) bounds.set(bound, secondsOf({ seconds: parts.get("seconds"), nanos: parts.get("nanos") }));
  }
  checkBounds(bounds, secondsOf(value), path, (s) => `${s}s`);
}

function fail(path: string, problem: string): never {
  throw new ProtoJsonError(path, problem);
}
