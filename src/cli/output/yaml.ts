/**
 * `--output yaml` and `yaml-stream`, as the AWS CLI's YAMLDumper prints them (ruamel.yaml, safe dumper,
 * block style): mapping keys sorted, sequences inside mappings not indented, `[]` and `{}` for empty
 * collections, an object met twice written once with an `&id001` anchor and then as `*id001`. The yaml
 * package lays the document out; every scalar is written by yaml-scalar.ts, with libyaml's quoting and
 * folding, which the package's own options cannot reproduce.
 */
import type { ScalarTag } from "yaml";
import { isEmptyObject } from "./format.js";
import { yamlScalar } from "./yaml-scalar.js";

/**
 * A scalar value, with the length of the key it is the value of (0 for a sequence item): its column is
 * that much past the indentation of its continuation lines.
 */
class Leaf {
  constructor(
    readonly value: unknown,
    readonly keyLength: number,
  ) {}
}

type StringifyContext = Parameters<NonNullable<ScalarTag["stringify"]>>[1];

const scalarTag: ScalarTag = {
  tag: "tag:yaml.org,2002:str",
  default: true,
  identify: (value) => value instanceof Leaf || typeof value === "string",
  resolve: (text) => text,
  stringify(item, ctx: StringifyContext) {
    if (ctx.implicitKey) return yamlScalar(item.value, { column: 0, indent: 0, key: true });
    const leaf = item.value as Leaf;
    const indent = ctx.indent.length;
    return yamlScalar(leaf.value, { column: indent + leaf.keyLength, indent, key: false });
  },
};

const KEY = { column: 0, indent: 0, key: true };

/** A copy with sorted keys and wrapped scalars, in which an object met twice is still one object. */
function prepare(value: unknown, keyLength: number, seen: Map<object, unknown>): unknown {
  if (typeof value !== "object" || value === null) return new Leaf(value, keyLength);
  const known = seen.get(value);
  if (known) return known;
  if (Array.isArray(value)) {
    const items: unknown[] = [];
    seen.set(value, items);
    for (const item of value) items.push(prepare(item, 0, seen));
    return items;
  }
  const entries = new Map<string, unknown>();
  seen.set(value, entries);
  const object = value as Record<string, unknown>;
  for (const key of Object.keys(object).sort()) {
    entries.set(key, prepare(object[key], [...yamlScalar(key, KEY)].length, seen));
  }
  return entries;
}

async function dump(value: unknown): Promise<string> {
  const { Document, visit } = await import("yaml");
  const doc = new Document(prepare(value, 0, new Map()), {
    schema: "failsafe",
    customTags: (tags) => tags.map((tag) => (typeof tag === "object" && tag.tag === scalarTag.tag ? scalarTag : tag)),
    anchorPrefix: "id",
  });
  // ruamel numbers its anchors id001, id002, … in the order the package numbers them id1, id2, …
  const padded = (name: string) => `id${name.slice(2).padStart(3, "0")}`;
  visit(doc, {
    Collection(_, node) {
      if (node.anchor) node.anchor = padded(node.anchor);
    },
    Alias(_, alias) {
      alias.source = padded(alias.source);
    },
  });
  return doc.toString({ indentSeq: false, lineWidth: 0 });
}

/** `--output yaml`: nothing for `{}`; a bare scalar (or null) as JSON, as the AWS CLI does. */
export async function formatYaml(value: unknown): Promise<string> {
  if (isEmptyObject(value)) return "";
  if (typeof value !== "object" || value === null) return `${JSON.stringify(value ?? null)}\n`;
  return dump(value);
}

/** `--output yaml-stream`: each response (each page of a paginated call) as a one-item list. */
export async function formatYamlStream(responses: unknown[]): Promise<string> {
  const documents = await Promise.all(responses.map((response) => dump([response])));
  return documents.join("");
}
