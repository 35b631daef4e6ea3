/**
 * `--output text`, as awscli's text.py writes it: each object's scalar values on one tab-separated line
 * (keys sorted, prefixed by the parent key in upper case), then its nested objects and lists.
 */
import { isRecord as isObject, type Json } from "../../model/json.js";
import { pythonStr, pythonType } from "../../validate/python-text.js";

const isNested = (v: unknown) => Array.isArray(v) || isObject(v);
/** `str`, `int`, `NoneType`… out of Python's `<class 'str'>`. */
const pythonTypeName = (v: unknown) => pythonType(v).slice(8, -2);

export function formatText(value: unknown): string {
  const out: string[] = [];
  write(value, out, undefined, undefined);
  return out.join("");
}

function write(item: unknown, out: string[], identifier: string | undefined, scalarKeys: string[] | undefined): void {
  if (isObject(item)) writeObject(item, out, identifier, scalarKeys);
  else if (Array.isArray(item)) writeList(item, out, identifier);
  else out.push(`${pythonStr(item)}\n`);
}

function writeList(items: unknown[], out: string[], identifier: string | undefined): void {
  if (items.length === 0) return;
  if (items.some(isObject)) {
    const keys = new Set<string>();
    for (const element of items) {
      // awscli calls .items() on every element of a list that holds an object, and fails on the others.
      if (!isObject(element)) throw new Error(`'${pythonTypeName(element)}' object has no attribute 'items'`);
      for (const [key, value] of Object.entries(element)) if (!isNested(value)) keys.add(key);
    }
    const allKeys = [...keys].sort();
    for (const element of items) write(element, out, identifier, allKeys);
  } else if (items.some(Array.isArray)) {
    const scalars = items.filter((e) => !isNested(e));
    if (scalars.length) writeScalars(scalars, out, identifier);
    for (const nested of items.filter(isNested)) write(nested, out, identifier, undefined);
  } else {
    writeScalars(items, out, identifier);
  }
}

function writeScalars(items: unknown[], out: string[], identifier: string | undefined): void {
  if (identifier !== undefined) {
    for (const item of items) out.push(`${identifier.toUpperCase()}\t${pythonStr(item)}\n`);
  } else {
    out.push(`${items.map(pythonStr).join("\t")}\n`);
  }
}

function writeObject(
  item: Json,
  out: string[],
  identifier: string | undefined,
  scalarKeys: string[] | undefined,
): void {
  const scalars: string[] = [];
  const nested: [string, unknown][] = [];
  if (scalarKeys === undefined) {
    for (const key of Object.keys(item).sort()) {
      const value = item[key];
      if (isNested(value)) nested.push([key, value]);
      else scalars.push(pythonStr(value));
    }
  } else {
    for (const key of scalarKeys) scalars.push(pythonStr(key in item ? item[key] : ""));
    for (const key of Object.keys(item)
      .filter((k) => !scalarKeys.includes(k))
      .sort())
      nested.push([key, item[key]]);
  }
  if (scalars.length) {
    if (identifier !== undefined) scalars.unshift(identifier.toUpperCase());
    out.push(`${scalars.join("\t")}\n`);
  }
  for (const [key, value] of nested) write(value, out, key, undefined);
}
