/**
 * Reads the official API models in models/ (kept in the repository, as the AWS CLI keeps botocore's data)
 * and writes the compact tables `mesh` runs on (src/model/generated/*.ts) and the JSON Schemas of every
 * input (schemas/). Run with `npm run generate`; the output is committed, and a test checks that running
 * this again changes nothing.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { xformName } from "../src/model/names.js";
import type { MemberRef, Operation, OperationMember, Paginator, ServiceModel, Shape } from "../src/model/types.js";
import { jsonSchemas } from "./json-schemas.js";

/** The repository root, whether this runs from scripts/ or from dist/scripts/. */
export const repoRoot = fileURLToPath(new URL(import.meta.url.includes("/dist/") ? "../../" : "../", import.meta.url));
export const modelsDir = join(repoRoot, "models");

interface RawMember {
  shape: string;
  location?: string;
  locationName?: string;
  idempotencyToken?: boolean;
}
interface RawShape {
  type: string;
  members?: Record<string, RawMember>;
  required?: string[];
  union?: boolean;
  member?: RawMember;
  key?: RawMember;
  value?: RawMember;
  enum?: string[];
  min?: number;
  max?: number;
  pattern?: string;
  exception?: boolean;
  error?: { httpStatusCode?: number };
  payload?: string;
}
interface RawOperation {
  name: string;
  http: { method: string; requestUri: string; responseCode?: number };
  input?: { shape: string };
  output?: { shape: string };
}
interface RawModel {
  metadata: Record<string, string>;
  operations: Record<string, RawOperation>;
  shapes: Record<string, RawShape>;
}
interface RawPaginators {
  pagination: Record<string, { input_token: string; output_token: string; limit_key: string; result_key: string }>;
}

/** The services `mesh` serves, by the file stem of their model. */
export const SERVICES = [
  { id: "appmesh", model: "appmesh-2019-01-25" },
  { id: "servicediscovery", model: "servicediscovery-2017-03-14" },
] as const;

function memberRef(raw: RawMember): MemberRef {
  const ref: MemberRef = { shape: raw.shape };
  if (raw.location) ref.location = raw.location as MemberRef["location"];
  if (raw.locationName) ref.locationName = raw.locationName;
  if (raw.idempotencyToken) ref.idempotencyToken = true;
  return ref;
}

function compactShape(raw: RawShape): Shape {
  const shape: Shape = { type: raw.type as Shape["type"] };
  if (raw.members) {
    shape.members = Object.fromEntries(Object.entries(raw.members).map(([name, m]) => [name, memberRef(m)]));
  }
  if (raw.required?.length) shape.required = raw.required;
  if (raw.union) shape.union = true;
  if (raw.member) shape.member = memberRef(raw.member);
  if (raw.key) shape.key = memberRef(raw.key);
  if (raw.value) shape.value = memberRef(raw.value);
  if (raw.enum) shape.enum = raw.enum;
  if (raw.min !== undefined) shape.min = raw.min;
  if (raw.max !== undefined) shape.max = raw.max;
  if (raw.pattern !== undefined) shape.pattern = raw.pattern;
  if (raw.exception) shape.error = { status: raw.error?.httpStatusCode ?? 400 };
  return shape;
}

function operationTable(raw: RawModel, paginators: RawPaginators): Operation[] {
  return Object.values(raw.operations).map((op) => {
    const inputShape = op.input ? raw.shapes[op.input.shape] : undefined;
    const outputShape = op.output ? raw.shapes[op.output.shape] : undefined;
    const required = new Set(inputShape?.required ?? []);
    const members: OperationMember[] = Object.entries(inputShape?.members ?? {}).map(([name, m]) => {
      const member: OperationMember = {
        name,
        cliName: xformName(name),
        shape: m.shape,
        type: raw.shapes[m.shape]?.type as OperationMember["type"],
        required: required.has(name),
        location: (m.location as OperationMember["location"]) ?? "body",
      };
      if (m.locationName) member.locationName = m.locationName;
      if (m.idempotencyToken) member.idempotencyToken = true;
      return member;
    });
    const page = paginators.pagination[op.name];
    const paginator: Paginator | null = page
      ? {
          inputToken: page.input_token,
          outputToken: page.output_token,
          limitKey: page.limit_key,
          resultKey: page.result_key,
        }
      : null;
    return {
      service: raw.metadata.endpointPrefix ?? "",
      name: op.name,
      cliName: xformName(op.name),
      http: { method: op.http.method, requestUri: op.http.requestUri, responseCode: op.http.responseCode ?? 200 },
      input: op.input ? { shape: op.input.shape, members } : null,
      output: op.output ? { shape: op.output.shape, payload: outputShape?.payload ?? null } : null,
      paginator,
    };
  });
}

export function buildServiceModel(raw: RawModel, paginators: RawPaginators): ServiceModel {
  const md = raw.metadata;
  const metadata: ServiceModel["metadata"] = {
    apiVersion: md.apiVersion ?? "",
    serviceId: md.serviceId ?? "",
    serviceFullName: md.serviceFullName ?? "",
  };
  if (md.targetPrefix) metadata.targetPrefix = md.targetPrefix;
  const shapes = Object.fromEntries(Object.entries(raw.shapes).map(([name, s]) => [name, compactShape(s)]));
  return { metadata, operations: operationTable(raw, paginators), shapes };
}

/** Every generated file, path (relative to the repository root) → content. */
export function generate(dir = modelsDir): Map<string, string> {
  const files = new Map<string, string>();
  for (const service of SERVICES) {
    const raw = JSON.parse(readFileSync(join(dir, `${service.model}.json`), "utf8")) as RawModel;
    const pages = JSON.parse(readFileSync(join(dir, `${service.model}.paginators.json`), "utf8")) as RawPaginators;
    const model = buildServiceModel(raw, pages);
    // A JSON string parses several times faster than the same object as a JavaScript literal.
    const body = [
      `// Generated by scripts/generate-model.ts from ${service.model}.json. Do not edit.`,
      `import type { ServiceModel } from "../types.js";`,
      "",
      `export const ${service.id}: ServiceModel = JSON.parse(${JSON.stringify(JSON.stringify(model))});`,
      "",
    ].join("\n");
    files.set(`src/model/generated/${service.id}.ts`, body);
    for (const [path, schema] of jsonSchemas(service.id, model)) {
      files.set(`schemas/${path}`, `${JSON.stringify(schema, null, 2)}\n`);
    }
  }
  return files;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  for (const [path, content] of generate()) {
    mkdirSync(dirname(join(repoRoot, path)), { recursive: true });
    writeFileSync(join(repoRoot, path), content);
    console.log(`wrote ${path}`);
  }
}
