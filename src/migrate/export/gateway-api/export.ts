/**
 * `mesh export --to gateway-api`: the mesh as Gateway API objects (gateway.networking.k8s.io):
 *
 * - for each virtual service, routes attached to its Service (GAMMA, mesh traffic): an HTTPRoute for
 *   its HTTP routes, a GRPCRoute for its gRPC routes, a TCPRoute (v1alpha2) for its TCP routes; one per
 *   listener port a route matches on;
 * - for each virtual gateway a Gateway, and for each of its gateway routes an HTTPRoute or GRPCRoute
 *   attached to it, composed with the routes of the virtual service it targets (see rules.ts);
 * - each virtual node is the Service its DNS hostname names (`name.namespace.svc.cluster.local`), else a
 *   Service named after the node; each route says which virtual node each backend is (annotation).
 *
 * Gateway API does not try rules in a given order: it ranks them by match (exact path, longest prefix,
 * method, most headers, most query parameters). Where that reorders App Mesh's priorities, it is a gap.
 */
import type { MeshSnapshot } from "../../../snapshot/snapshot.js";
import type { ExportOptions, ExportResult } from "../export-target.js";
import { Ledger, resourceName } from "../ledger.js";
import { hostOf, kubernetesService, labelName, objectName, VIRTUAL_NODES_ANNOTATION } from "../names.js";
import { type Rule, type Scope, scopesOf } from "../rules.js";
import { inNameOrder } from "../snapshot-order.js";
import { gatewayObject } from "./gateway.js";
import { type Json, policies, routeMatch } from "./rules.js";

const GROUP = "gateway.networking.k8s.io";

type ServiceRef = { name: string; namespace: string };

export function exportGatewayApi(source: MeshSnapshot, options: ExportOptions): ExportResult {
  const snapshot = inNameOrder(source);
  const ledger = new Ledger(snapshot);
  const services = nodeServices(snapshot, options.namespace, ledger);
  const objects: Json[] = snapshot.virtualGateways.map((gateway) => gatewayObject(gateway, options.namespace, ledger));
  for (const scope of scopesOf(snapshot, ledger)) {
    reportReordering(scope, ledger);
    if (scope.kind === "virtualService") objects.push(...meshRoutes(scope, services, options.namespace, ledger));
    else objects.push(...gatewayRoutes(scope, services, options.namespace, ledger));
  }
  meshWide(snapshot, ledger);
  return { files: [{ name: "gateway-api.yaml", documents: objects }], gaps: ledger.gaps() };
}

/** The Service each virtual node is: the one its DNS hostname names, else one named after the node. */
function nodeServices(snapshot: MeshSnapshot, namespace: string, ledger: Ledger): Map<string, ServiceRef> {
  const byHost = new Map<string, number>();
  for (const node of snapshot.virtualNodes) {
    const host = hostOf(node.spec) ?? "";
    byHost.set(host, (byHost.get(host) ?? 0) + 1);
  }
  const services = new Map<string, ServiceRef>();
  for (const node of snapshot.virtualNodes) {
    const at = resourceName("virtualNode", node.name);
    const host = hostOf(node.spec) ?? "";
    const own = byHost.get(host) === 1 ? kubernetesService(host) : undefined;
    services.set(node.name, own ?? { name: labelName(node.name), namespace });
    const discovery = node.spec.serviceDiscovery?.dns ? "dns" : "awsCloudMap";
    if (own) ledger.expressed(at, "spec.serviceDiscovery.dns.hostname");
    else if (node.spec.serviceDiscovery) {
      ledger.gap(
        at,
        `spec.serviceDiscovery.${discovery}`,
        `discovery through ${host}`,
        `the Service ${namespace}/${labelName(node.name)} (to be created, selecting the node's pods)`,
      );
    }
    node.spec.listeners?.forEach((_, i) => {
      ledger.expressed(at, `spec.listeners[${i}].portMapping`);
    });
  }
  return services;
}

function backendRefs(rule: Rule, services: Map<string, ServiceRef>, namespace: string): Json[] {
  return rule.targets.map((target) => {
    const service = services.get(target.virtualNode) ?? { name: labelName(target.virtualNode), namespace };
    return {
      name: service.name,
      ...(service.namespace === namespace ? {} : { namespace: service.namespace }),
      ...(target.port ? { port: target.port } : {}),
      weight: target.weight,
    };
  });
}

/** Which virtual node each backend of a route object is: `namespace/service` → node. */
function annotation(rules: Rule[], services: Map<string, ServiceRef>): Record<string, string> {
  const nodes: Record<string, string> = {};
  for (const rule of rules) {
    for (const target of rule.targets) {
      const service = services.get(target.virtualNode);
      if (service) nodes[`${service.namespace}/${service.name}`] = target.virtualNode;
    }
  }
  return { [VIRTUAL_NODES_ANNOTATION]: JSON.stringify(nodes) };
}

const KINDS = { http: ["HTTPRoute", "v1"], grpc: ["GRPCRoute", "v1"], tcp: ["TCPRoute", "v1alpha2"] } as const;

function routeObject(
  protocol: Rule["protocol"],
  name: string,
  namespace: string,
  spec: Json,
  annotations: Record<string, string>,
): Json {
  const [kind, version] = KINDS[protocol];
  return {
    apiVersion: `${GROUP}/${version}`,
    kind,
    metadata: { name: objectName(name), namespace, annotations },
    spec,
  };
}

function ruleOf(rule: Rule, services: Map<string, ServiceRef>, namespace: string, ledger: Ledger): Json | undefined {
  if (rule.protocol === "tcp") return { backendRefs: backendRefs(rule, services, namespace) };
  const match = routeMatch(rule, ledger);
  if (!match) return undefined;
  const out: Json = { name: labelName(rule.name) };
  if (Object.keys(match).length) out.matches = [match];
  const filters = rewriteFilters(rule, ledger);
  if (filters.length) out.filters = filters;
  out.backendRefs = backendRefs(rule, services, namespace);
  return { ...out, ...policies(rule, ledger) };
}

/**
 * Where requests for a virtual service go once exported: to the Service it is named after when its name
 * is one (`name.namespace.svc.cluster.local`), else to the Service named for it in `namespace`.
 */
export function serviceHost(virtualService: string, namespace: string): string {
  return kubernetesService(virtualService)
    ? virtualService
    : `${labelName(virtualService)}.${namespace}.svc.cluster.local`;
}

/** Routes attached to the virtual service's Service, one object per protocol and listener port. */
function meshRoutes(scope: Scope, services: Map<string, ServiceRef>, namespace: string, ledger: Ledger): Json[] {
  const at = resourceName("virtualService", scope.name);
  const parent = kubernetesService(scope.name);
  if (!parent) {
    ledger.gap(
      at,
      "spec.provider",
      `requests addressed to ${scope.name}`,
      `requests addressed to the Service ${namespace}/${labelName(scope.name)} (routes attach to Services)`,
    );
  }
  const parentRef = {
    group: "",
    kind: "Service",
    name: parent?.name ?? labelName(scope.name),
    ...(parent && parent.namespace !== namespace ? { namespace: parent.namespace } : {}),
  };
  const groups = new Map<string, Rule[]>();
  for (const rule of scope.rules) {
    const key = `${rule.protocol}|${rule.port ?? ""}`;
    groups.set(key, [...(groups.get(key) ?? []), rule]);
  }
  return [...groups].map(([key, rules]) => {
    const [protocol, port] = key.split("|") as [Rule["protocol"], string];
    if (protocol === "tcp") {
      for (const rule of rules) {
        const route = rule.at[0] as { resource: string; path: string };
        ledger.gap(
          route.resource,
          route.path,
          "a TCP route for mesh traffic",
          "a TCPRoute (experimental; mesh implementations may not support it)",
        );
      }
    }
    const converted = rules.flatMap((rule) => ruleOf(rule, services, namespace, ledger) ?? []);
    const spec = { parentRefs: [{ ...parentRef, ...(port ? { port: Number(port) } : {}) }], rules: converted };
    const name = `${scope.name}${protocol === "http" ? "" : `-${protocol}`}${port ? `-${port}` : ""}`;
    return routeObject(protocol, name, namespace, spec, annotation(rules, services));
  });
}

/** One route object per gateway route, attached to the gateway (at its listener when it matches a port). */
function gatewayRoutes(scope: Scope, services: Map<string, ServiceRef>, namespace: string, ledger: Ledger): Json[] {
  const byGatewayRoute = new Map<string, Rule[]>();
  for (const rule of scope.rules) {
    const route = rule.name.split(".")[0] as string;
    byGatewayRoute.set(route, [...(byGatewayRoute.get(route) ?? []), rule]);
  }
  return [...byGatewayRoute].flatMap(([gatewayRoute, rules]) => {
    const first = rules[0] as Rule;
    const notFound = rules.find((rule) => rule.notFound);
    if (notFound) {
      const at = notFound.at[0] as { resource: string; path: string };
      ledger.gap(
        at.resource,
        `${at.path}.match`,
        "a request this gateway route matched but no route of its service takes ends here (404)",
        "it may be taken by another gateway route that matches it",
      );
    }
    const spec: Json = {
      parentRefs: [
        {
          name: objectName(scope.name),
          ...(first.port === undefined ? {} : { sectionName: `listener-${first.port}` }),
        },
      ],
    };
    const hostname = first.hostname;
    if (hostname) {
      if (hostname.exact !== undefined) {
        spec.hostnames = [hostname.exact];
        ledger.expressed(hostname.at.resource, hostname.at.path);
      } else if (hostname.suffix?.startsWith(".")) {
        spec.hostnames = [`*${hostname.suffix}`];
        ledger.expressed(hostname.at.resource, hostname.at.path);
      } else {
        ledger.gap(
          hostname.at.resource,
          hostname.at.path,
          `a hostname suffix that is not a domain (${hostname.suffix})`,
          "gateway route left out",
        );
        return [];
      }
    }
    const converted = rules
      .filter((rule) => !rule.notFound)
      .flatMap((rule) => ruleOf(rule, services, namespace, ledger) ?? []);
    spec.rules = converted;
    return [routeObject(first.protocol, `${scope.name}-${gatewayRoute}`, namespace, spec, annotation(rules, services))];
  });
}

function rewriteFilters(rule: Rule, ledger: Ledger): Json[] {
  if (!rule.rewrite) return [];
  const rewrite: Json = {};
  if (rule.rewrite.authority !== undefined) rewrite.hostname = rule.rewrite.authority;
  if (rule.rewrite.path !== undefined) rewrite.path = { type: "ReplaceFullPath", replaceFullPath: rule.rewrite.path };
  else if (rule.rewrite.prefix !== undefined) {
    rewrite.path =
      rule.path?.type === "prefix"
        ? { type: "ReplacePrefixMatch", replacePrefixMatch: rule.rewrite.prefix }
        : { type: "ReplaceFullPath", replaceFullPath: rule.rewrite.prefix };
  }
  ledger.expressed(rule.rewrite.at.resource, rule.rewrite.at.path);
  if (rule.protocol === "grpc") {
    return rewrite.hostname === undefined ? [] : [{ type: "URLRewrite", urlRewrite: { hostname: rewrite.hostname } }];
  }
  return Object.keys(rewrite).length ? [{ type: "URLRewrite", urlRewrite: rewrite }] : [];
}

/** Gateway API ranks matches by specificity; report each rule App Mesh tries earlier than a more specific one. */
function reportReordering(scope: Scope, ledger: Ledger): void {
  const rank = (rule: Rule) => [
    rule.path?.type === "exact" ? 1 : 0,
    rule.path?.type === "prefix" ? rule.path.value.length : 0,
    rule.method ? 1 : 0,
    rule.headers.length,
    rule.query.length,
  ];
  const moreSpecific = (a: number[], b: number[]) => {
    for (let i = 0; i < a.length; i++)
      if ((a[i] as number) !== (b[i] as number)) return (a[i] as number) > (b[i] as number);
    return false;
  };
  const rules = scope.rules.filter((rule) => rule.protocol !== "tcp" && !rule.notFound);
  rules.forEach((earlier, i) => {
    const overtaken = rules.slice(i + 1).filter((later) => moreSpecific(rank(later), rank(earlier)));
    if (!overtaken.length) return;
    const at = earlier.at.at(-1) as { resource: string; path: string };
    const names = overtaken.map((rule) => rule.name).join(", ");
    ledger.gap(
      at.resource,
      "spec.priority",
      `App Mesh tries ${earlier.name} before ${names}`,
      `Gateway API tries ${names} first where both match (a more specific match)`,
    );
  });
}

function meshWide(snapshot: MeshSnapshot, ledger: Ledger): void {
  const at = `Mesh ${snapshot.mesh}`;
  if (snapshot.meshSpec.egressFilter)
    ledger.gap(
      at,
      "spec.egressFilter",
      "which destinations outside the mesh are allowed",
      "not exported: the mesh implementation's setting",
    );
  if (snapshot.meshSpec.serviceDiscovery)
    ledger.gap(at, "spec.serviceDiscovery", "the mesh's IP preference", "not exported");
  for (const node of snapshot.virtualNodes) {
    const resource = resourceName("virtualNode", node.name);
    const what = (path: string, detail: string) =>
      ledger.gap(
        resource,
        path,
        detail,
        "not exported: Gateway API has no such policy (an implementation's own policy resources may)",
      );
    node.spec.listeners?.forEach((listener, i) => {
      for (const key of ["healthCheck", "outlierDetection", "connectionPool", "timeout", "tls"] as const) {
        if (listener[key]) what(`spec.listeners[${i}].${key}`, `the listener's ${key}`);
      }
    });
    node.spec.backends?.forEach((_, i) => {
      what(`spec.backends[${i}]`, "the node may reach only its declared backends, with their client policies");
    });
    if (node.spec.backendDefaults) what("spec.backendDefaults", "client policies towards the node's backends");
    if (node.spec.logging) what("spec.logging", "the proxy's access log file");
    const discovery = node.spec.serviceDiscovery;
    for (const key of ["ipPreference", "responseType"]) {
      for (const kind of ["dns", "awsCloudMap"] as const) {
        if ((discovery?.[kind] as Record<string, unknown> | undefined)?.[key] !== undefined) {
          what(`spec.serviceDiscovery.${kind}.${key}`, `service discovery ${key}`);
        }
      }
    }
  }
}
