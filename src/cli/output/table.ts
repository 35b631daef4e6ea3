/**
 * `--output table`: awscli's TableFormatter, which turns any result into titled sections without looking
 * at the model. An object's scalar members become one row under a header of their (sorted) names, a
 * single scalar member a `name | value` row; each nested object or list becomes a section one level
 * deeper, titled with its key. A list of objects is one section whose header is the union of their
 * scalar keys. A falsy result (null, 0, "", [], {}) prints nothing.
 */
import { isRecord as isObject, type Json } from "../../model/json.js";
import { MultiTable, RESET } from "./table-layout.js";

export interface TableSettings {
  color: boolean;
  /** The terminal's width, when stdout is a terminal. */
  terminalWidth?: number | undefined;
}

const isScalar = (v: unknown) => typeof v !== "object" || v === null;

/** Python's truth value of a JSON value. */
const truthy = (v: unknown) => (Array.isArray(v) ? v.length > 0 : isObject(v) ? Object.keys(v).length > 0 : Boolean(v));

export function formatTable(value: unknown, title: string, { color, terminalWidth }: TableSettings): string {
  let text = "";
  if (truthy(value)) {
    const table = new MultiTable(title);
    fill(table, value, title, 0);
    // awscli asks the terminal for its width, and assumes 80 columns when stdout is not one.
    text = table.render(terminalWidth ?? 80, color);
  }
  // Once colorama is set up for colour, it writes one more reset on exit when stdout is a terminal.
  return color && terminalWidth !== undefined ? text + RESET : text;
}

/** The part of _build_table after the section for `current` exists. */
function fill(table: MultiTable, current: unknown, title: string | null, indent: number): void {
  if (Array.isArray(current)) {
    if (isObject(current[0])) fillFromObjects(table, current, title, indent);
    else {
      for (const item of current) {
        if (isScalar(item)) table.addRow([item]);
        // awscli passes an object on as a row too, and a Python dict reads as the list of its keys.
        else if (!Array.isArray(item)) table.addRow(Object.keys(item as Json));
        else if (item.every(isScalar)) table.addRow(item);
        else build(table, null, item, 0);
      }
    }
  }
  if (isObject(current)) fillFromObject(table, current, indent);
}

function build(table: MultiTable, title: string | null, current: unknown, indent: number): void {
  if (!truthy(current)) return;
  if (title !== null) table.newSection(title, indent);
  fill(table, current, title, indent);
}

function fillFromObject(table: MultiTable, current: Json, indent: number): void {
  const [headers, nested] = partitionKeys(current);
  const [only] = headers;
  if (headers.length === 1 && only !== undefined) table.addRow([only, current[only]]);
  else if (headers.length) {
    table.addRowHeader(headers);
    table.addRow(headers.map((key) => current[key]));
  }
  for (const key of nested) build(table, key, current[key], indent + 1);
}

/** A list of objects: one header row, then a row per object; objects with nested members each restart the section. */
function fillFromObjects(table: MultiTable, current: unknown[], title: string | null, indent: number): void {
  const headerSet = new Set<string>();
  const nestedSet = new Set<string>();
  for (const item of current) {
    const [headers, nested] = partitionKeys(asObject(item));
    for (const key of headers) headerSet.add(key);
    for (const key of nested) nestedSet.add(key);
  }
  const headers = [...headerSet].sort();
  const nested = [...nestedSet].sort();
  table.addRowHeader(headers);
  current.forEach((item, i) => {
    const element = asObject(item);
    if (i > 0 && nested.length) {
      table.newSection(title, indent);
      table.addRowHeader(headers);
    }
    table.addRow(headers.map((key) => (Object.hasOwn(element, key) ? element[key] : "")));
    for (const key of nested) if (Object.hasOwn(element, key)) build(table, key, element[key], indent + 1);
  });
}

/** The object's keys with scalar values and those with nested ones, each sorted. */
function partitionKeys(current: Json): [string[], string[]] {
  const keys = Object.keys(current).sort();
  return [keys.filter((k) => isScalar(current[k])), keys.filter((k) => !isScalar(current[k]))];
}

/**
 * awscli fails on a list that starts with an object but holds something else, with the error Python
 * raises for it (for a list element, the one a list of strings raises).
 */
function asObject(item: unknown): Json {
  if (isObject(item)) return item;
  if (typeof item === "string") {
    throw new Error(item ? "string indices must be integers, not 'str'" : "'str' object has no attribute 'get'");
  }
  if (Array.isArray(item)) throw new Error("list indices must be integers or slices, not str");
  const type = item === null ? "NoneType" : typeof item === "boolean" ? "bool" : "int";
  throw new Error(`'${type}' object is not iterable`);
}
