/**
 * CloudFormation's intrinsic functions, resolved statically: parameters (given, else their default),
 * pseudo parameters given as parameters (`AWS::Region=eu-west-1`), conditions, mappings, and the
 * attributes of the template's own App Mesh and Cloud Map resources that are known before deployment
 * (their names; ARNs once region and account are given). Anything else (an import, an id or ARN only
 * a deployment assigns) is an Unresolved error that says what it is and where.
 */

/** What `AWS::NoValue` resolves to: the property is left out. */
export const NO_VALUE = Symbol("AWS::NoValue");

export class Unresolved extends Error {
  override readonly name = "Unresolved";
  constructor(
    message: string,
    readonly path: string,
  ) {
    super(message);
  }
}

export interface TemplateResource {
  Type?: unknown;
  Properties?: Record<string, unknown>;
  Condition?: unknown;
}

export interface Template {
  Parameters?: Record<string, { Type?: string; Default?: unknown }>;
  Mappings?: Record<string, Record<string, Record<string, unknown>>>;
  Conditions?: Record<string, unknown>;
  Resources?: Record<string, TemplateResource>;
}

/** The name attribute of each App Mesh resource type (`Fn::GetAtt X.VirtualNodeName`) and its ARN path. */
const APP_MESH: Record<string, { names: string[]; arn: (p: Record<string, unknown>) => string[] }> = {
  "AWS::AppMesh::Mesh": { names: ["MeshName"], arn: (p) => ["mesh", p.MeshName] as string[] },
  "AWS::AppMesh::VirtualNode": {
    names: ["MeshName", "VirtualNodeName"],
    arn: (p) => ["mesh", p.MeshName, "virtualNode", p.VirtualNodeName] as string[],
  },
  "AWS::AppMesh::VirtualRouter": {
    names: ["MeshName", "VirtualRouterName"],
    arn: (p) => ["mesh", p.MeshName, "virtualRouter", p.VirtualRouterName] as string[],
  },
  "AWS::AppMesh::Route": {
    names: ["MeshName", "VirtualRouterName", "RouteName"],
    arn: (p) => ["mesh", p.MeshName, "virtualRouter", p.VirtualRouterName, "route", p.RouteName] as string[],
  },
  "AWS::AppMesh::VirtualService": {
    names: ["MeshName", "VirtualServiceName"],
    arn: (p) => ["mesh", p.MeshName, "virtualService", p.VirtualServiceName] as string[],
  },
  "AWS::AppMesh::VirtualGateway": {
    names: ["MeshName", "VirtualGatewayName"],
    arn: (p) => ["mesh", p.MeshName, "virtualGateway", p.VirtualGatewayName] as string[],
  },
  "AWS::AppMesh::GatewayRoute": {
    names: ["MeshName", "VirtualGatewayName", "GatewayRouteName"],
    arn: (p) =>
      ["mesh", p.MeshName, "virtualGateway", p.VirtualGatewayName, "gatewayRoute", p.GatewayRouteName] as string[],
  },
};

/** Cloud Map namespaces: `mesh validate` documents name a namespace by its name where the API takes its id. */
const NAMESPACES = new Set([
  "AWS::ServiceDiscovery::HttpNamespace",
  "AWS::ServiceDiscovery::PrivateDnsNamespace",
  "AWS::ServiceDiscovery::PublicDnsNamespace",
]);

export class Intrinsics {
  private readonly resolving = new Set<string>();

  constructor(
    private readonly template: Template,
    private readonly given: Record<string, string>,
  ) {}

  /** `value` with every intrinsic function in it resolved; NO_VALUE members and items left out. */
  resolve(value: unknown, path: string): unknown {
    if (Array.isArray(value)) {
      return value.map((item, i) => this.resolve(item, `${path}[${i}]`)).filter((item) => item !== NO_VALUE);
    }
    if (typeof value !== "object" || value === null) return value;
    const entries = Object.entries(value as Record<string, unknown>);
    const [first] = entries;
    if (entries.length === 1 && first && (first[0] === "Ref" || first[0].startsWith("Fn::"))) {
      return this.call(first[0], first[1], `${path}.${first[0]}`);
    }
    const out: Record<string, unknown> = {};
    for (const [key, item] of entries) {
      const resolved = this.resolve(item, path ? `${path}.${key}` : key);
      if (resolved !== NO_VALUE) out[key] = resolved;
    }
    return out;
  }

  /** Whether a named condition holds. */
  condition(name: string, path: string): boolean {
    const definition = this.template.Conditions?.[name];
    if (definition === undefined) throw new Unresolved(`no condition ${name} in Conditions`, path);
    return this.truth(definition, `Conditions.${name}`);
  }

  private call(fn: string, args: unknown, path: string): unknown {
    switch (fn) {
      case "Ref":
        return this.ref(String(this.resolve(args, path)), path);
      case "Fn::GetAtt": {
        const [id, attribute] = this.list(args, path, 2).map((item) => String(item));
        return this.attribute(String(id), String(attribute), path);
      }
      case "Fn::Sub":
        return this.sub(args, path);
      case "Fn::Join": {
        const [delimiter, items] = this.list(args, path, 2);
        return this.list(items, `${path}[1]`).map(String).join(String(delimiter));
      }
      case "Fn::Select": {
        const [index, items] = this.list(args, path, 2);
        const list = this.list(items, `${path}[1]`);
        if (Number(index) >= list.length) throw new Unresolved(`Fn::Select index ${index} is out of range`, path);
        return list[Number(index)];
      }
      case "Fn::Split": {
        const [delimiter, text] = this.list(args, path, 2);
        return String(text).split(String(delimiter));
      }
      case "Fn::FindInMap": {
        const [map, top, second] = this.list(args, path, 3).map(String);
        const found = this.template.Mappings?.[String(map)]?.[String(top)]?.[String(second)];
        if (found === undefined) throw new Unresolved(`Mappings.${map}.${top}.${second} does not exist`, path);
        return this.resolve(found, path);
      }
      case "Fn::If": {
        const [name, then, otherwise] = Array.isArray(args) ? args : [];
        return this.condition(String(name), path)
          ? this.resolve(then, `${path}[1]`)
          : this.resolve(otherwise, `${path}[2]`);
      }
      case "Fn::Base64":
        return Buffer.from(String(this.resolve(args, path))).toString("base64");
      case "Fn::Length":
        return this.list(args, path).length;
      case "Fn::ToJsonString":
        return JSON.stringify(this.resolve(args, path));
      case "Fn::ImportValue":
        throw new Unresolved(`Fn::ImportValue ${JSON.stringify(args)} is another stack's output`, path);
      default:
        throw new Unresolved(`${fn} cannot be resolved before deployment`, path);
    }
  }

  private list(args: unknown, path: string, length?: number): unknown[] {
    const value = this.resolve(args, path);
    if (!Array.isArray(value) || (length !== undefined && value.length < length)) {
      throw new Unresolved(`expected a list${length ? ` of ${length}` : ""}, found ${JSON.stringify(value)}`, path);
    }
    return value;
  }

  private ref(name: string, path: string): unknown {
    if (name === "AWS::NoValue") return NO_VALUE;
    if (name in this.given) return this.parameter(name, this.given[name]);
    const parameter = this.template.Parameters?.[name];
    if (parameter) {
      if (parameter.Default === undefined) {
        throw new Unresolved(`parameter ${name} has no default: give it with --parameter ${name}=VALUE`, path);
      }
      return this.parameter(name, parameter.Default);
    }
    if (name.startsWith("AWS::")) {
      throw new Unresolved(`${name} is known at deployment: give it with --parameter ${name}=VALUE`, path);
    }
    const resource = this.template.Resources?.[name];
    if (!resource) throw new Unresolved(`Ref ${name}: no such parameter or resource`, path);
    const type = String(resource.Type);
    if (NAMESPACES.has(type)) return this.attribute(name, "Name", path);
    if (APP_MESH[type]) return this.arn(name, path);
    throw new Unresolved(`Ref ${name} (${type}) is known only after deployment`, path);
  }

  private parameter(name: string, value: unknown): unknown {
    const type = this.template.Parameters?.[name]?.Type ?? "";
    if (typeof value === "string" && (type === "CommaDelimitedList" || type.startsWith("List<"))) {
      return value.split(",").map((item) => item.trim());
    }
    return value;
  }

  private attribute(id: string, attribute: string, path: string): unknown {
    const resource = this.template.Resources?.[id];
    if (!resource) throw new Unresolved(`Fn::GetAtt ${id}.${attribute}: no resource ${id}`, path);
    const type = String(resource.Type);
    const known =
      APP_MESH[type]?.names.includes(attribute) || (attribute === "Name" && type.startsWith("AWS::ServiceDiscovery::"));
    const namespaceId = attribute === "Id" && NAMESPACES.has(type);
    if (known || namespaceId) return this.property(id, namespaceId ? "Name" : attribute, path);
    if (attribute === "Arn" && APP_MESH[type]) return this.arn(id, path);
    throw new Unresolved(`Fn::GetAtt ${id}.${attribute} (${type}) is known only after deployment`, path);
  }

  /** A property of another resource of the template, resolved in turn. */
  private property(id: string, property: string, path: string): unknown {
    const key = `${id}.${property}`;
    if (this.resolving.has(key)) throw new Unresolved(`${key} refers to itself`, path);
    this.resolving.add(key);
    try {
      const value = this.template.Resources?.[id]?.Properties?.[property];
      if (value === undefined) {
        throw new Unresolved(`${id} has no ${property}: CloudFormation names it at deployment`, path);
      }
      return this.resolve(value, `Resources.${id}.Properties.${property}`);
    } finally {
      this.resolving.delete(key);
    }
  }

  private arn(id: string, path: string): string {
    const resource = this.template.Resources?.[id] as TemplateResource;
    const shape = APP_MESH[String(resource.Type)];
    const names = Object.fromEntries((shape?.names ?? []).map((name) => [name, this.property(id, name, path)]));
    const [partition, region, account] = ["AWS::Partition", "AWS::Region", "AWS::AccountId"].map((name) => {
      if (name === "AWS::Partition" && !(name in this.given)) return "aws";
      return this.ref(name, path);
    });
    return `arn:${partition}:appmesh:${region}:${account}:${shape?.arn(names).join("/")}`;
  }

  private sub(args: unknown, path: string): string {
    const [text, variables] = Array.isArray(args) ? args : [args, {}];
    const values = this.resolve(variables ?? {}, `${path}[1]`) as Record<string, unknown>;
    return String(this.resolve(text, path)).replace(/\$\{(!?)([^}]+)\}/g, (_, literal: string, name: string) => {
      if (literal) return `\${${name}}`;
      if (name in values) return String(values[name]);
      const dot = name.indexOf(".");
      if (dot > 0 && !name.startsWith("AWS::")) {
        return String(this.attribute(name.slice(0, dot), name.slice(dot + 1), path));
      }
      return String(this.ref(name, path));
    });
  }

  private truth(value: unknown, path: string): boolean {
    if (typeof value === "boolean") return value;
    if (value === "true" || value === "false") return value === "true";
    const [fn, args] = Object.entries((value ?? {}) as Record<string, unknown>)[0] ?? [];
    const list = Array.isArray(args) ? args : [];
    switch (fn) {
      case "Fn::Equals": {
        const [a, b] = list.map((item, i) => this.resolve(item, `${path}[${i}]`));
        return JSON.stringify(a) === JSON.stringify(b);
      }
      case "Fn::Not":
        return !this.truth(list[0], `${path}[0]`);
      case "Fn::And":
        return list.every((item, i) => this.truth(item, `${path}[${i}]`));
      case "Fn::Or":
        return list.some((item, i) => this.truth(item, `${path}[${i}]`));
      case "Condition":
        return this.condition(String(args), path);
      default:
        throw new Unresolved(`not a condition: ${JSON.stringify(value)}`, path);
    }
  }
}
