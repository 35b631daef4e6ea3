/**
 * JSON Schemas from a service model: one `$defs` entry per shape, then thin entry points that refer
 * into it (one per operation input, one per resource spec). Every constraint of the model is there:
 * types, required members, enums, lengths, ranges, patterns, list sizes, tagged unions (exactly one
 * member), and unknown members rejected.
 */
import { xformName } from "../src/model/names.js";
import type { ServiceModel, Shape } from "../src/model/types.js";

type Schema = Record<string, unknown>;

export const SCHEMA_DRAFT = "https://json-schema.org/draft/2020-12/schema";
export const SCHEMA_BASE = "https://mesh.local/schemas";

const ref = (shape: string) => ({ $ref: `#/$defs/${shape}` });

function shapeSchema(shape: Shape): Schema {
  switch (shape.type) {
    case "structure": {
      const schema: Schema = {
        type: "object",
        properties: Object.fromEntries(Object.entries(shape.members ?? {}).map(([name, m]) => [name, ref(m.shape)])),
        additionalProperties: false,
      };
      if (shape.required?.length) schema.required = shape.required;
      if (shape.union) Object.assign(schema, { minProperties: 1, maxProperties: 1 });
      return schema;
    }
    case "list":
      return withBounds({ type: "array", items: ref(shape.member?.shape ?? "String") }, shape, "Items");
    case "map":
      return withBounds(
        {
          type: "object",
          additionalProperties: ref(shape.value?.shape ?? "String"),
          ...(shape.key ? { propertyNames: ref(shape.key.shape) } : {}),
        },
        shape,
        "Properties",
      );
    case "string": {
      const schema = withBounds({ type: "string" }, shape, "Length");
      if (shape.enum) schema.enum = shape.enum;
      if (shape.pattern) schema.pattern = shape.pattern;
      return schema;
    }
    case "integer":
    case "long":
      return withBounds({ type: "integer" }, shape, "imum");
    case "float":
    case "double":
      return withBounds({ type: "number" }, shape, "imum");
    case "boolean":
      return { type: "boolean" };
    case "timestamp":
      return { type: ["string", "number"] };
    case "blob":
      return { type: "string" };
  }
}

function withBounds(schema: Schema, shape: Shape, suffix: "Items" | "Length" | "imum" | "Properties"): Schema {
  if (shape.min !== undefined) schema[`min${suffix}`] = shape.min;
  if (shape.max !== undefined) schema[`max${suffix}`] = shape.max;
  return schema;
}

/** The shapes reachable from the operation inputs (outputs are the service's business, not the user's). */
function inputShapes(model: ServiceModel): string[] {
  const seen = new Set<string>();
  const visit = (name: string) => {
    if (seen.has(name)) return;
    seen.add(name);
    const shape = model.shapes[name];
    for (const m of Object.values(shape?.members ?? {})) visit(m.shape);
    for (const m of [shape?.member, shape?.key, shape?.value]) if (m) visit(m.shape);
  };
  for (const op of model.operations) if (op.input) visit(op.input.shape);
  return [...seen].sort();
}

/** The resource specs of a model: shapes named `…Spec` that an operation input takes as `spec`. */
export function specShapes(model: ServiceModel): string[] {
  const specs = new Set<string>();
  for (const op of model.operations) {
    const spec = op.input?.members.find((m) => m.name === "spec");
    if (spec) specs.add(spec.shape);
  }
  return [...specs].sort();
}

/** File name (relative to schemas/) → schema. */
export function jsonSchemas(service: string, model: ServiceModel): Map<string, Schema> {
  const files = new Map<string, Schema>();
  const defsFile = `${service}/defs.schema.json`;
  files.set(defsFile, {
    $schema: SCHEMA_DRAFT,
    $id: `${SCHEMA_BASE}/${defsFile}`,
    title: `${model.metadata.serviceFullName} API ${model.metadata.apiVersion}: every input shape`,
    $defs: Object.fromEntries(inputShapes(model).map((name) => [name, shapeSchema(model.shapes[name] as Shape)])),
  });
  const entry = (file: string, title: string, shape: string) =>
    files.set(`${service}/${file}`, {
      $schema: SCHEMA_DRAFT,
      $id: `${SCHEMA_BASE}/${service}/${file}`,
      title,
      $ref: `defs.schema.json#/$defs/${shape}`,
    });
  for (const op of model.operations) {
    if (op.input) entry(`${op.cliName}.input.schema.json`, `Input of ${op.name}`, op.input.shape);
  }
  for (const spec of specShapes(model)) entry(`${xformName(spec)}.schema.json`, spec, spec);
  return files;
}
