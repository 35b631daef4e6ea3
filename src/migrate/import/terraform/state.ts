/**
 * The resources of Terraform's JSON: `terraform show -json` of a state (`values`) or of a plan
 * (`planned_values`), or a raw `terraform.tfstate` (version 4), as one list, modules included.
 *
 * In a plan, a value known only after apply (`after_unknown`) is read from its configuration expression
 * when that refers to another App Mesh or Cloud Map resource of the plan by name (`mesh_name =
 * aws_appmesh_mesh.shop.id`); any other is reported with its address and path.
 */

export interface TerraformResource {
  /** `aws_appmesh_route.canary`, `module.mesh.aws_appmesh_mesh.this`. */
  address: string;
  type: string;
  values: Record<string, unknown>;
}

export interface TerraformResources {
  resources: TerraformResource[];
  /** Values known only after apply that no reference explains. */
  unknown: { address: string; path: string }[];
}

interface Module {
  address?: string;
  resources?: { address: string; mode?: string; type: string; values?: Record<string, unknown> }[];
  child_modules?: Module[];
}

interface ConfigModule {
  resources?: { address: string; expressions?: Record<string, unknown> }[];
  module_calls?: Record<string, { module?: ConfigModule }>;
}

interface Json {
  format_version?: string;
  version?: number;
  values?: { root_module?: Module };
  planned_values?: { root_module?: Module };
  resource_changes?: { address: string; change?: { after_unknown?: unknown } }[];
  configuration?: { root_module?: ConfigModule };
  resources?: {
    module?: string;
    mode?: string;
    type: string;
    name: string;
    instances?: { index_key?: string | number; attributes?: Record<string, unknown> }[];
  }[];
}

export function isTerraform(value: unknown): boolean {
  const json = value as Json | null;
  if (typeof json !== "object" || json === null) return false;
  return (
    (typeof json.format_version === "string" && (json.values !== undefined || json.planned_values !== undefined)) ||
    (json.version === 4 && Array.isArray(json.resources))
  );
}

export function terraformResources(json: Json): TerraformResources {
  if (json.version === 4 && Array.isArray(json.resources)) return { resources: rawState(json), unknown: [] };
  const root = json.values?.root_module ?? json.planned_values?.root_module ?? {};
  const resources = moduleResources(root);
  const unknown: TerraformResources["unknown"] = [];
  const byAddress = new Map(resources.map((resource) => [resource.address, resource]));
  for (const change of json.resource_changes ?? []) {
    const resource = byAddress.get(change.address);
    if (!resource) continue;
    const expressions = configurationOf(json.configuration?.root_module, change.address);
    for (const path of unknownPaths(change.change?.after_unknown, [])) {
      const value = fromReference(expressionAt(expressions, path), change.address, byAddress);
      if (value === undefined) unknown.push({ address: change.address, path: pathText(path) });
      else setAt(resource.values, path, value);
    }
  }
  return { resources, unknown };
}

function moduleResources(module: Module): TerraformResource[] {
  const own = (module.resources ?? [])
    .filter((resource) => resource.mode !== "data")
    .map(({ address, type, values }) => ({ address, type, values: structuredClone(values ?? {}) }));
  return [...own, ...(module.child_modules ?? []).flatMap(moduleResources)];
}

function rawState(json: Json): TerraformResource[] {
  return (json.resources ?? [])
    .filter((resource) => resource.mode !== "data")
    .flatMap((resource) =>
      (resource.instances ?? []).map((instance) => {
        const index = instance.index_key === undefined ? "" : `[${JSON.stringify(instance.index_key)}]`;
        const module = resource.module ? `${resource.module}.` : "";
        return {
          address: `${module}${resource.type}.${resource.name}${index}`,
          type: resource.type,
          values: instance.attributes ?? {},
        };
      }),
    );
}

type Path = (string | number)[];

function unknownPaths(value: unknown, at: Path): Path[] {
  if (value === true) return [at];
  if (Array.isArray(value)) return value.flatMap((item, i) => unknownPaths(item, [...at, i]));
  if (typeof value === "object" && value !== null) {
    return Object.entries(value).flatMap(([key, item]) => unknownPaths(item, [...at, key]));
  }
  return [];
}

/** The configuration expressions of a resource, found by its address (module calls followed, instance keys dropped). */
function configurationOf(root: ConfigModule | undefined, address: string): unknown {
  const parts = address.replace(/\[[^\]]*\]/g, "").split(".");
  let module = root;
  while (parts[0] === "module" && parts.length > 2) {
    module = module?.module_calls?.[parts[1] as string]?.module;
    parts.splice(0, 2);
  }
  return module?.resources?.find((resource) => resource.address === parts.join("."))?.expressions;
}

/** Configuration nests blocks as lists of objects, as values do: the same path reaches the expression. */
function expressionAt(expressions: unknown, path: Path): unknown {
  let node = expressions;
  for (const step of path) node = (node as Record<string | number, unknown> | undefined)?.[step];
  return node;
}

/** The value a reference such as `aws_appmesh_mesh.shop.id` stands for, when it names an App Mesh or Cloud Map resource. */
function fromReference(expression: unknown, referrer: string, resources: Map<string, TerraformResource>): unknown {
  const references = (expression as { references?: string[] } | undefined)?.references ?? [];
  const module = referrer.match(/^((?:module\.[^.]+\.)*)/)?.[1] ?? "";
  for (const reference of references) {
    const match = /^(.*)\.(id|name)$/.exec(reference);
    const target = match && resources.get(`${module}${match[1]}`);
    if (!match || !target) continue;
    const { type, values } = target;
    const byName = match[2] === "name" || type === "aws_appmesh_mesh" || /_namespace$/.test(type);
    if (byName && (type.startsWith("aws_appmesh_") || type.startsWith("aws_service_discovery_"))) return values.name;
  }
  return undefined;
}

function setAt(values: Record<string, unknown>, path: Path, value: unknown): void {
  let node: Record<string | number, unknown> = values;
  for (const [i, step] of path.entries()) {
    if (i === path.length - 1) node[step] = value;
    else {
      node[step] ??= typeof path[i + 1] === "number" ? [] : {};
      node = node[step] as Record<string | number, unknown>;
    }
  }
}

function pathText(path: Path): string {
  return path.map((step, i) => (typeof step === "number" ? `[${step}]` : i ? `.${step}` : step)).join("");
}
