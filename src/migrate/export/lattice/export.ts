/**
 * `mesh export --to lattice`: the mesh as Amazon VPC Lattice, a CloudFormation template: a service
 * network for the mesh; for each virtual service a Lattice service (associated with the network), a
 * listener per port and a rule per route (priorities renumbered 1… in App Mesh's order, as Lattice
 * tries them); for each virtual node and port a target group, with the node's health check (its targets
 * are registered by ECS or the EKS Gateway API controller). The VPC is a parameter.
 *
 * Lattice matches paths by exact value or prefix, headers by exact value, prefix or substring, and the
 * method; a route with any other condition (query parameters, regex, suffix, range, inverted header,
 * scheme, more than 5 headers) is left out. Retries, timeouts, outlier detection, pools, TCP routes,
 * mTLS and gateways have no counterpart.
 */
import type { HttpRouteHeader, VirtualNodeSpec } from "@aws-sdk/client-app-mesh";
import type { MeshSnapshot, Resource } from "../../../snapshot/snapshot.js";
import { logicalId, ref, template } from "../cloudformation.js";
import type { ExportOptions, ExportResult } from "../export-target.js";
import { Ledger, resourceName } from "../ledger.js";
import { labelName } from "../names.js";
import { type At, type Rule, type Scope, scopesOf } from "../rules.js";
import { inNameOrder } from "../snapshot-order.js";

const MAX_HEADER_MATCHES = 5;
const MAX_PRIORITY = 100;

export function exportLattice(source: MeshSnapshot, _options: ExportOptions): ExportResult {
  const snapshot = inNameOrder(source);
  const ledger = new Ledger(snapshot);
  const out = template(`Amazon VPC Lattice for the App Mesh mesh ${snapshot.mesh} (mesh export)`);
  const ids = new Set<string>();
  out.Parameters.VpcId = { Type: "AWS::EC2::VPC::Id", Description: "The VPC of the target groups" };
  const network = logicalId("ServiceNetwork", snapshot.mesh, ids);
  out.Resources[network] = {
    Type: "AWS::VpcLattice::ServiceNetwork",
    Properties: { Name: latticeName(snapshot.mesh), AuthType: "NONE" },
  };

  const targetGroups = new Map<string, string>();
  const targetGroup = (node: Resource<VirtualNodeSpec>, port?: number) => {
    const listener = (node.spec.listeners ?? []).find((l) => port === undefined || l.portMapping?.port === port);
    const key = `${node.name}|${listener?.portMapping?.port}`;
    const existing = targetGroups.get(key);
    if (existing) return existing;
    const id = logicalId("TargetGroup", `${node.name}-${listener?.portMapping?.port}`, ids);
    out.Resources[id] = {
      Type: "AWS::VpcLattice::TargetGroup",
      Properties: targetGroupProperties(node, listener?.portMapping?.port, ledger),
    };
    targetGroups.set(key, id);
    return id;
  };
  const nodes = new Map(snapshot.virtualNodes.map((n) => [n.name, n]));
  for (const node of snapshot.virtualNodes) targetGroup(node);

  for (const scope of scopesOf(snapshot, ledger)) {
    if (scope.kind === "virtualGateway") {
      gatewayGaps(scope, ledger);
      continue;
    }
    const service = logicalId("Service", scope.name, ids);
    out.Resources[service] = {
      Type: "AWS::VpcLattice::Service",
      Properties: { Name: latticeName(scope.name), CustomDomainName: scope.name, AuthType: "NONE" },
    };
    out.Resources[`${service}Association`] = {
      Type: "AWS::VpcLattice::ServiceNetworkServiceAssociation",
      Properties: { ServiceNetworkIdentifier: ref(network), ServiceIdentifier: ref(service) },
    };
    for (const listener of scope.listeners) {
      const rules = scope.rules.filter((rule) => rule.port === undefined || rule.port === listener.port);
      if (listener.protocol === "tcp") {
        for (const rule of rules) leftOut(rule, rule.at[0] as At, "a TCP route", ledger);
        continue;
      }
      const listenerId = logicalId("Listener", `${scope.name}-${listener.port}`, ids);
      const forward = (rule: Rule) => ({
        Forward: {
          TargetGroups: rule.targets.map((t) => {
            const node = nodes.get(t.virtualNode);
            return { TargetGroupIdentifier: ref(node ? targetGroup(node, t.port) : t.virtualNode), Weight: t.weight };
          }),
        },
      });
      const direct = rules.length === 1 && rules[0]?.name === "default" && !rules[0].path;
      out.Resources[listenerId] = {
        Type: "AWS::VpcLattice::Listener",
        Properties: {
          ServiceIdentifier: ref(service),
          Name: `listener-${listener.port}`,
          Protocol: "HTTP",
          Port: listener.port,
          DefaultAction: direct ? forward(rules[0] as Rule) : { FixedResponse: { StatusCode: 404 } },
        },
      };
      if (direct) continue;
      let priority = 0;
      for (const rule of rules) {
        const match = httpMatch(rule, ledger);
        if (!match) continue;
        if (++priority > MAX_PRIORITY) {
          leftOut(rule, rule.at[0] as At, `more than ${MAX_PRIORITY} routes on one listener`, ledger);
          continue;
        }
        retryAndTimeoutGaps(rule, ledger);
        out.Resources[logicalId("Rule", `${scope.name}-${listener.port}-${rule.name}`, ids)] = {
          Type: "AWS::VpcLattice::Rule",
          Properties: {
            ServiceIdentifier: ref(service),
            ListenerIdentifier: ref(listenerId),
            Name: labelName(rule.name),
            Priority: priority,
            Match: { HttpMatch: match },
            Action: forward(rule),
          },
        };
      }
    }
  }
  meshGaps(snapshot, ledger);
  return { files: [{ name: "lattice.template.yaml", documents: [out] }], gaps: ledger.gaps() };
}

/** Lattice names: 3–40 lowercase letters, digits and single hyphens. */
function latticeName(name: string): string {
  const base = labelName(name).replace(/-+/g, "-").slice(0, 40).replace(/-$/, "");
  return base.length >= 3 ? base : `${base}-mesh`.slice(0, 40);
}

/** A rule Lattice cannot say: the route (all of it) is left out, for the condition at `at`. */
function leftOut(rule: Rule, at: At, what: string, ledger: Ledger): undefined {
  const route = rule.at.at(-1) as At;
  ledger.gap(route.resource, route.path, `${what} (${at.path})`, "route left out (a Lattice rule cannot say it)");
  return undefined;
}

/** The Lattice HttpMatch of a rule, or undefined when it cannot be said. */
function httpMatch(rule: Rule, ledger: Ledger): Record<string, unknown> | undefined {
  const first = rule.at.at(-1) as At;
  if (rule.query.length) return leftOut(rule, first, "a query parameter match", ledger);
  if (rule.scheme) return leftOut(rule, rule.scheme.at, "a scheme match", ledger);
  if (rule.path?.type === "regex") return leftOut(rule, rule.path.at, "a regular expression path match", ledger);
  if (rule.headers.length > MAX_HEADER_MATCHES)
    return leftOut(rule, first, `more than ${MAX_HEADER_MATCHES} header matches`, ledger);
  const headers: Record<string, unknown>[] = [];
  for (const header of rule.headers) {
    const match = headerMatch(header);
    if (!match) return leftOut(rule, header.at, "an inverted, suffix, regex or range header match", ledger);
    headers.push({ Name: header.name, Match: match, CaseSensitive: true });
    ledger.expressed(header.at.resource, header.at.path);
  }
  const match: Record<string, unknown> = {};
  if (rule.method) {
    match.Method = rule.method.value;
    ledger.expressed(rule.method.at.resource, rule.method.at.path);
  }
  if (rule.grpc) {
    const { service, method } = rule.grpc;
    match.PathMatch = {
      Match: method ? { Exact: `/${service}/${method}` } : { Prefix: `/${service}/` },
      CaseSensitive: true,
    };
    ledger.expressed(rule.grpc.at.resource, rule.grpc.at.path);
  } else if (rule.path) {
    match.PathMatch = {
      Match: rule.path.type === "exact" ? { Exact: rule.path.value } : { Prefix: rule.path.value },
      CaseSensitive: true,
    };
    ledger.expressed(rule.path.at.resource, rule.path.at.path);
  }
  if (headers.length) match.HeaderMatches = headers;
  return match;
}

function headerMatch(header: HttpRouteHeader): Record<string, string> | undefined {
  if (header.invert || !header.match) return undefined;
  if (header.match.exact !== undefined) return { Exact: header.match.exact };
  if (header.match.prefix !== undefined) return { Prefix: header.match.prefix };
  return undefined;
}

function retryAndTimeoutGaps(rule: Rule, ledger: Ledger): void {
  if (rule.retry)
    ledger.gap(rule.retry.at.resource, rule.retry.at.path, "a retry policy", "not exported: Lattice does not retry");
  if (rule.timeout)
    ledger.gap(
      rule.timeout.at.resource,
      rule.timeout.at.path,
      "route timeouts",
      "not exported: Lattice's own request timeout applies",
    );
}

function targetGroupProperties(
  node: Resource<VirtualNodeSpec>,
  port: number | undefined,
  ledger: Ledger,
): Record<string, unknown> {
  const at = resourceName("virtualNode", node.name);
  const index = Math.max(
    0,
    (node.spec.listeners ?? []).findIndex((l) => l.portMapping?.port === port),
  );
  const listener = node.spec.listeners?.[index];
  const protocol = listener?.portMapping?.protocol ?? "http";
  const config: Record<string, unknown> = {
    Port: port ?? 80,
    Protocol: "HTTP",
    ProtocolVersion: protocol === "grpc" ? "GRPC" : protocol === "http2" ? "HTTP2" : "HTTP1",
    VpcIdentifier: ref("VpcId"),
  };
  const path = `spec.listeners[${index}]`;
  if (listener) ledger.expressed(at, `${path}.portMapping`);
  const check = listener?.healthCheck;
  if (check) {
    config.HealthCheck = {
      Enabled: true,
      Protocol: "HTTP",
      ProtocolVersion: check.protocol === "http" ? "HTTP1" : "HTTP2",
      ...(check.path ? { Path: check.path } : {}),
      ...(check.port ? { Port: check.port } : {}),
      HealthCheckIntervalSeconds: Math.round((check.intervalMillis ?? 30000) / 1000),
      HealthCheckTimeoutSeconds: Math.round((check.timeoutMillis ?? 5000) / 1000),
      HealthyThresholdCount: check.healthyThreshold,
      UnhealthyThresholdCount: check.unhealthyThreshold,
    };
    if (check.protocol === "http" || check.protocol === "http2") ledger.expressed(at, `${path}.healthCheck`);
    else
      ledger.gap(
        at,
        `${path}.healthCheck.protocol`,
        `a ${check.protocol} health check`,
        "an HTTP health check on the same port",
      );
    ledger.expressed(at, `${path}.healthCheck`);
  }
  ledger.gap(
    at,
    "spec.serviceDiscovery",
    "where the node's endpoints are found (DNS or Cloud Map)",
    "an empty IP target group: ECS (VpcLatticeConfigurations) or the EKS Gateway API controller registers the targets",
  );
  return { Name: `${latticeName(node.name)}-${port ?? 80}`, Type: "IP", Config: config };
}

function gatewayGaps(scope: Scope, ledger: Ledger): void {
  const at = resourceName("virtualGateway", scope.name);
  ledger.gap(
    at,
    "spec",
    "an ingress gateway into the mesh",
    "not exported: Lattice services are reached from associated VPCs; put a load balancer in front for ingress",
  );
  for (const rule of scope.rules) {
    const route = rule.at[0] as At;
    ledger.gap(route.resource, "spec", "a gateway route", "not exported (no gateway)");
  }
}

function meshGaps(snapshot: MeshSnapshot, ledger: Ledger): void {
  if (snapshot.meshSpec.egressFilter)
    ledger.gap(
      `Mesh ${snapshot.mesh}`,
      "spec.egressFilter",
      "which destinations outside the mesh are allowed",
      "not exported: the VPC's security groups and routes decide",
    );
  for (const node of snapshot.virtualNodes) {
    const at = resourceName("virtualNode", node.name);
    node.spec.listeners?.forEach((listener, i) => {
      for (const key of ["outlierDetection", "connectionPool", "timeout", "tls"] as const) {
        if (listener[key])
          ledger.gap(
            at,
            `spec.listeners[${i}].${key}`,
            `the listener's ${key}`,
            "not exported: Lattice target groups have no such setting",
          );
      }
    });
    node.spec.backends?.forEach((_, i) => {
      ledger.gap(
        at,
        `spec.backends[${i}]`,
        "the node may reach only its declared backends",
        "not exported: Lattice auth policies could restrict callers",
      );
    });
    if (node.spec.backendDefaults) ledger.gap(at, "spec.backendDefaults", "client TLS policies", "not exported");
    if (node.spec.logging)
      ledger.gap(
        at,
        "spec.logging",
        "the proxy's access log file",
        "not exported: Lattice access logs are a service network setting",
      );
  }
}
