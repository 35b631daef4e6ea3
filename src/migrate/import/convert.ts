/**
 * Another tool's spelling of an App Mesh or Cloud Map input, converted member by member into the API's
 * shape, walking the API model: CloudFormation's `AWSCloudMap`, Terraform's `aws_cloud_map` and the
 * Kubernetes controller's `certificateARN` all name the member `awsCloudMap` / `certificateArn` once
 * case, `_` and `-` are ignored. Terraform's blocks (lists of one object, singular list names) and maps
 * of key/value pairs are read as the model's structures and lists. Every converted member records where
 * it was written, so a problem found later in the API's terms points at the source.
 */
import type { ServiceModel, Shape } from "../../model/types.js";
import { SourcePaths } from "./source-paths.js";

export interface ConvertOptions {
  /** Terraform: a nested block is a list of one object, and a list member is named in the singular. */
  blocks?: boolean;
  /** Members left out when they hold this "unset" value (Terraform writes 0 and "" for unset attributes). */
  unset?: (member: string, value: unknown) => boolean;
}

export interface Converted {
  value: unknown;
  paths: SourcePaths;
  problems: { path: string; message: string }[];
}

/** `value`, written at `sourcePath`, as the model's `shape`, which the input names at `inputPath`. */
export function convert(
  model: ServiceModel,
  shape: string,
  value: unknown,
  at: { sourcePath: string; inputPath: string },
  options: ConvertOptions = {},
): Converted {
  const result: Converted = { value: undefined, paths: new SourcePaths(), problems: [] };
  result.value = new Walk(model, options, result).value(shape, value, at.sourcePath, at.inputPath);
  return result;
}

const normalise = (name: string) => name.replace(/[-_]/g, "").toLowerCase();

class Walk {
  constructor(
    private readonly model: ServiceModel,
    private readonly options: ConvertOptions,
    private readonly result: Converted,
  ) {}

  value(shapeName: string, value: unknown, source: string, input: string): unknown {
    const shape = this.model.shapes[shapeName];
    if (!shape || value === null || value === undefined) return undefined;
    this.result.paths.add(input, source);
    switch (shape.type) {
      case "structure":
        return this.structure(shape, value, source, input);
      case "list":
        return this.list(shape, value, source, input);
      case "map":
        return this.map(shape, value, source, input);
      case "integer":
      case "long":
      case "float":
      case "double":
        return typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value))
          ? Number(value)
          : value;
      case "boolean":
        return value === "true" ? true : value === "false" ? false : value;
      case "string":
        return typeof value === "number" || typeof value === "boolean" ? String(value) : value;
      default:
        return value;
    }
  }

  private structure(shape: Shape, value: unknown, source: string, input: string): unknown {
    if (this.options.blocks && Array.isArray(value)) {
      if (value.length === 0) return undefined;
      if (value.length === 1) return this.structure(shape, value[0], `${source}[0]`, input);
      this.problem(source, `expected one block, found ${value.length}`);
      return undefined;
    }
    if (typeof value !== "object" || Array.isArray(value)) return value; // validation names the type
    const members = shape.members ?? {};
    const byName = new Map(Object.keys(members).map((name) => [normalise(name), name]));
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
      const member = byName.get(normalise(key)) ?? (this.options.blocks ? byName.get(`${normalise(key)}s`) : undefined);
      const at = joinPath(source, key);
      if (!member) {
        this.problem(at, `unknown property ${key}`);
        continue;
      }
      if (this.options.unset?.(member, item)) continue;
      const ref = members[member];
      const converted = ref ? this.value(ref.shape, item, at, joinPath(input, member)) : undefined;
      const required = shape.required?.includes(member) ?? false;
      if (converted !== undefined && (required || !isEmptyBlock(converted, this.options))) out[member] = converted;
    }
    // In the model's order, whatever the source's: the same resource always reads the same.
    return Object.fromEntries(Object.keys(members).flatMap((name) => (name in out ? [[name, out[name]]] : [])));
  }

  private list(shape: Shape, value: unknown, source: string, input: string): unknown {
    const element = shape.member?.shape ?? "";
    const elementShape = this.model.shapes[element];
    if (!Array.isArray(value)) {
      // A map where the model has a list of key/value structures (Terraform's attributes and tags).
      if (isKeyValue(elementShape) && typeof value === "object" && value !== null) {
        const [key = "key", val = "value"] = keyValueMembers(elementShape as Shape);
        return Object.keys(value)
          .sort()
          .map((name, i) => {
            this.result.paths.add(`${input}[${i}]`, joinPath(source, name));
            return { [key]: name, [val]: String((value as Record<string, unknown>)[name]) };
          });
      }
      return value;
    }
    const items = value.map((item, i) => this.value(element, item, `${source}[${i}]`, `${input}[${i}]`));
    return this.options.blocks && items.length === 0 ? undefined : items;
  }

  private map(shape: Shape, value: unknown, source: string, input: string): unknown {
    if (typeof value !== "object" || Array.isArray(value) || value === null) return value;
    const element = shape.value?.shape ?? "";
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [
        key,
        this.value(element, item, joinPath(source, key), joinPath(input, key)),
      ]),
    );
  }

  private problem(path: string, message: string): void {
    this.result.problems.push({ path, message });
  }
}

/** Terraform writes every block it knows, empty when unset: an empty structure there says nothing. */
function isEmptyBlock(value: unknown, options: ConvertOptions): boolean {
  return (
    options.blocks === true &&
    typeof value === "object" &&
    value !== null &&
    !Array.isArray(value) &&
    Object.keys(value).length === 0
  );
}

function isKeyValue(shape: Shape | undefined): boolean {
  return shape?.type === "structure" && keyValueMembers(shape).length === 2;
}

function keyValueMembers(shape: Shape): string[] {
  return Object.keys(shape.members ?? {}).filter((name) => /^(key|value)$/i.test(name));
}

/** `a.b` + `c` → `a.b.c`; names that are not plain identifiers are quoted: `a["x.y"]`. */
function joinPath(path: string, key: string): string {
  if (!/^[A-Za-z_][\w-]*$/.test(key)) return `${path}[${JSON.stringify(key)}]`;
  return path ? `${path}.${key}` : key;
}
