/**
 * A source file's values: JSON, or YAML (every document of it) with CloudFormation's short intrinsic
 * tags (`!Ref X`, `!GetAtt A.B`, `!Sub [...]`) read as their long form (`{Ref: X}`, `{"Fn::GetAtt": [A, B]}`).
 */
import { readFileSync } from "node:fs";
import { extname } from "node:path";

const PLAIN = new Set(["Ref", "Condition"]);
const FUNCTIONS = [
  "Base64",
  "Cidr",
  "FindInMap",
  "GetAtt",
  "GetAZs",
  "ImportValue",
  "Join",
  "Select",
  "Split",
  "Sub",
  "Transform",
  "And",
  "Equals",
  "If",
  "Not",
  "Or",
  "Length",
  "ToJsonString",
];

interface Collection {
  toJSON(): unknown;
}

function intrinsicTags() {
  return [...PLAIN, ...FUNCTIONS].flatMap((name) => {
    const key = PLAIN.has(name) ? name : `Fn::${name}`;
    const scalar = (value: string) => ({ [key]: name === "GetAtt" ? splitAttribute(value) : value });
    const collection = (node: Collection) => ({ [key]: node.toJSON() });
    return [
      { tag: `!${name}`, resolve: scalar },
      { tag: `!${name}`, collection: "seq" as const, resolve: collection },
      { tag: `!${name}`, collection: "map" as const, resolve: collection },
    ];
  });
}

/** `!GetAtt A.B.C` → [A, B.C]: the logical id has no dot, an attribute may. */
function splitAttribute(value: string): string[] {
  const dot = value.indexOf(".");
  return dot < 0 ? [value] : [value.slice(0, dot), value.slice(dot + 1)];
}

/** The values a file holds: one per YAML document, or the JSON value. Throws with a message naming the syntax error. */
export async function readSource(file: string): Promise<unknown[]> {
  const text = readFileSync(file, "utf8");
  const json = extname(file).toLowerCase() === ".json" || extname(file).toLowerCase() === ".tfstate";
  if (json) {
    try {
      return [JSON.parse(text) as unknown];
    } catch (error) {
      throw new Error(`invalid JSON: ${(error as Error).message}`);
    }
  }
  const { parseAllDocuments } = await import("yaml");
  return parseAllDocuments(text, { customTags: intrinsicTags() }).flatMap((doc) => {
    if (doc.errors.length) throw new Error(`invalid YAML: ${doc.errors[0]?.message}`);
    const value = doc.toJS() as unknown;
    return value === null || value === undefined ? [] : [value];
  });
}
