/**
 * `mesh export --to envoy`: a static Envoy bootstrap per virtual node and virtual gateway, from the
 * translation `mesh up` runs and `mesh serve` sends over xDS, in App Mesh's placement (ingress 15000,
 * egress 15001, admin 9901, targets by their service discovery): what the App Mesh Envoy image ran,
 * with no control plane behind it.
 *
 * The gaps are what a static file cannot follow (Cloud Map's registrations as they change, secrets a
 * control plane or the image's SDS cluster served) and what the translation does not configure;
 * everything else is Envoy's own configuration, so it is expressed.
 */

import { appMeshPlacement, type TargetEndpoints } from "../../../dataplane/translate/placement.js";
import { staticBootstrap } from "../../../dataplane/translate/static-bootstrap.js";
import { type ProxyIdentity, translate } from "../../../dataplane/translate/translate.js";
import { LIST_OF_KIND, type MeshSnapshot } from "../../../snapshot/snapshot.js";
import type { ExportOptions, ExportResult } from "../export-target.js";
import { Ledger, resourceName } from "../ledger.js";
import { inNameOrder } from "../snapshot-order.js";

interface GapRule {
  kind: string;
  path: RegExp;
  detail: string;
  instead: string | ((value: never) => string);
}

/** Fields of a spec the bootstrap does not carry as App Mesh did, each reported where it is used. */
const GAP_RULES: GapRule[] = [
  {
    kind: "virtualNode",
    path: /^spec\.serviceDiscovery\.awsCloudMap$/,
    detail: "App Mesh sent Envoy the service's healthy instances with these attributes (EDS), as they changed",
    instead: (cloudMap: { serviceName: string; namespaceName: string }) =>
      `a STRICT_DNS cluster resolving ${cloudMap.serviceName}.${cloudMap.namespaceName} (the records of a DNS namespace; attributes and custom health status do not apply)`,
  },
  {
    kind: "virtualGateway",
    path: /^spec\.listeners\[\d+\]\.healthCheck$/,
    detail: "a health check policy of the gateway's listener",
    instead: "not configured: the translation does not health-check gateway listeners",
  },
  {
    kind: "*",
    path: /\.(certificate|trust)\.acm$/,
    detail:
      "an ACM certificate or certificate authority, which App Mesh sent Envoy as an SDS secret over its control plane",
    instead: "an SDS secret over ADS, which a static bootstrap has no server for: use file certificates",
  },
  {
    kind: "*",
    path: /\.(certificate|trust)\.sds$/,
    detail: "an SDS secret from the agent's Unix socket (APPMESH_SDS_SOCKET_PATH)",
    instead:
      "an SDS secret from the cluster static_cluster_sds_unix_socket, which the App Mesh image defined: add it (a pipe to the agent's socket) to the bootstrap",
  },
];

export function exportEnvoy(source: MeshSnapshot, _options: ExportOptions): ExportResult {
  const snapshot = inNameOrder(source);
  const ledger = new Ledger(snapshot);
  const placement = appMeshPlacement((node, port) => targetEndpoints(snapshot, node, port));
  const proxies: (ProxyIdentity & { file: string })[] = [
    ...snapshot.virtualNodes.map((n) => ({
      kind: "virtualNode" as const,
      name: n.name,
      file: `virtual-node-${n.name}`,
    })),
    ...snapshot.virtualGateways.map((g) => ({
      kind: "virtualGateway" as const,
      name: g.name,
      file: `virtual-gateway-${g.name}`,
    })),
  ];
  const files = proxies.map(({ file, ...proxy }) => ({
    name: `${file}.envoy.yaml`,
    documents: [staticBootstrap(translate({ snapshot, proxy, placement }))],
  }));
  account(ledger, `Mesh ${snapshot.mesh}`, "mesh", snapshot.meshSpec);
  for (const [kind, list] of Object.entries(LIST_OF_KIND)) {
    for (const resource of snapshot[list] as { name: string; parent?: string; spec: unknown }[])
      account(ledger, resourceName(kind, resource.name, resource.parent), kind, resource.spec);
  }
  return { files, gaps: ledger.gaps() };
}

/** How a proxy in App Mesh's placement reaches a node: by its DNS name, or its Cloud Map service's. */
function targetEndpoints(snapshot: MeshSnapshot, node: string, _port: number): TargetEndpoints {
  const discovery = snapshot.virtualNodes.find((n) => n.name === node)?.spec.serviceDiscovery;
  if (discovery?.dns?.hostname)
    return {
      type: "dns",
      hostname: discovery.dns.hostname,
      responseType: discovery.dns.responseType ?? "LOADBALANCER",
    };
  const cloudMap = discovery?.awsCloudMap;
  if (cloudMap)
    return { type: "dns", hostname: `${cloudMap.serviceName}.${cloudMap.namespaceName}`, responseType: "ENDPOINTS" };
  return { type: "static", addresses: [] };
}

/** Every field of a spec is expressed but those a gap rule names, which are reported. */
function account(ledger: Ledger, resource: string, kind: string, spec: unknown): void {
  const walk = (value: unknown, path: string): void => {
    const rule = GAP_RULES.find((r) => (r.kind === kind || r.kind === "*") && r.path.test(path));
    if (rule) {
      const instead = typeof rule.instead === "string" ? rule.instead : rule.instead(value as never);
      ledger.gap(resource, path, rule.detail, instead);
      return;
    }
    if (Array.isArray(value)) {
      for (const [i, item] of value.entries()) walk(item, `${path}[${i}]`);
    } else if (typeof value === "object" && value !== null)
      for (const [key, item] of Object.entries(value)) walk(item, `${path}.${key}`);
    else ledger.expressed(resource, path);
  };
  walk(spec, "spec");
}
