/**
 * Rules that look across resources: a route against its router and its target nodes, a gateway route
 * against its gateway and its target service. The emulator checks them against its store and
 * `mesh validate` against a set of documents, through this one view of a mesh.
 */
import { type Json, list, obj, ROUTE_TYPES } from "../../model/json.js";
import { routeTypesOf } from "./routes.js";
import { childPath, type Findings } from "./rule.js";

/** Specs by name, for one mesh; undefined when the resource does not exist. */
export interface MeshView {
  virtualNode(name: string): Json | undefined;
  virtualRouter(name: string): Json | undefined;
  virtualService(name: string): Json | undefined;
  virtualGateway(name: string): Json | undefined;
}

interface Listener {
  port: number;
  protocol: string;
}

function listenersOf(spec: Json | undefined): Listener[] {
  return list(spec?.listeners).flatMap((item) => {
    const mapping = obj(obj(item)?.portMapping);
    return typeof mapping?.port === "number" ? [{ port: mapping.port, protocol: String(mapping.protocol) }] : [];
  });
}

/** With several listeners a route must name the port it matches, and a named port must be one of them. */
function checkMatchPort(
  findings: Findings,
  listeners: Listener[],
  matchPort: number | undefined,
  at: string,
  owner: "router" | "gateway",
): void {
  const path = childPath(childPath(at, "match"), "port");
  if (listeners.length > 1 && matchPort === undefined) {
    findings.error(path, `the ${owner} has several listeners: set the port to match`);
  }
  if (matchPort !== undefined && !listeners.some((l) => l.port === matchPort)) {
    findings.error(path, `the ${owner} has no listener on port ${matchPort}`);
  }
}

/** A route's protocol and port against its router's listeners; its targets against their nodes. */
export function checkRouteInMesh(
  findings: Findings,
  spec: Json,
  routerSpec: Json,
  mesh: MeshView,
  path = "spec",
): void {
  const [type] = routeTypesOf(spec);
  if (!type) return;
  const protocol = ROUTE_TYPES[type];
  const at = childPath(path, type);
  const route = obj(spec[type]) ?? {};
  const matchPort = obj(route.match)?.port as number | undefined;
  const listeners = listenersOf(routerSpec);
  checkMatchPort(findings, listeners, matchPort, at, "router");
  const listener =
    matchPort === undefined
      ? listeners.find((l) => l.protocol === protocol)
      : listeners.find((l) => l.port === matchPort);
  const portMissing = matchPort !== undefined && !listener;
  if (!portMissing && listeners.length > 0 && listener?.protocol !== protocol) {
    const heard = matchPort === undefined ? listeners.map((l) => l.protocol).join(", ") : listener?.protocol;
    findings.error(at, `${type} needs a router listener for ${protocol}, but the router listens for ${heard}`);
  }
  const targetsPath = childPath(childPath(at, "action"), "weightedTargets");
  for (const [i, item] of list(obj(route.action)?.weightedTargets).entries()) {
    const target = obj(item) ?? {};
    const node = typeof target.virtualNode === "string" ? mesh.virtualNode(target.virtualNode) : undefined;
    if (node) checkTarget(findings, target, listenersOf(node), protocol, childPath(targetsPath, i));
  }
}

function checkTarget(findings: Findings, target: Json, listeners: Listener[], protocol: string, path: string): void {
  const port = target.port as number | undefined;
  const name = String(target.virtualNode);
  if (port === undefined) {
    if (listeners.length > 1)
      findings.error(childPath(path, "port"), `virtual node ${name} has several listeners: set the target port`);
    const [only] = listeners;
    if (listeners.length === 1 && only && only.protocol !== protocol) {
      findings.warning(
        path,
        `virtual node ${name} listens for ${only.protocol}, not ${protocol}: traffic will not reach it`,
      );
    }
    return;
  }
  const listener = listeners.find((l) => l.port === port);
  if (!listener) {
    const ports = listeners.map((l) => l.port).join(", ") || "none";
    findings.warning(
      childPath(path, "port"),
      `virtual node ${name} has no listener on port ${port} (listeners: ${ports}): traffic to it is dropped`,
    );
  }
}

/** A gateway route's port against its gateway's listeners; its target port against the service's provider. */
export function checkGatewayRouteInMesh(
  findings: Findings,
  spec: Json,
  gatewaySpec: Json,
  mesh: MeshView,
  path = "spec",
): void {
  const [type] = routeTypesOf(spec);
  if (!type) return;
  const at = childPath(path, type);
  const route = obj(spec[type]) ?? {};
  const matchPort = obj(route.match)?.port as number | undefined;
  checkMatchPort(findings, listenersOf(gatewaySpec), matchPort, at, "gateway");
  const target = obj(obj(route.action)?.target) ?? {};
  const serviceName = obj(target.virtualService)?.virtualServiceName;
  const service = typeof serviceName === "string" ? mesh.virtualService(serviceName) : undefined;
  const provider = obj(service?.provider);
  const nodeName = obj(provider?.virtualNode)?.virtualNodeName;
  const routerName = obj(provider?.virtualRouter)?.virtualRouterName;
  const providerSpec =
    typeof nodeName === "string"
      ? mesh.virtualNode(nodeName)
      : typeof routerName === "string"
        ? mesh.virtualRouter(routerName)
        : undefined;
  if (listenersOf(providerSpec).length > 1 && target.port === undefined) {
    findings.error(
      childPath(childPath(childPath(at, "action"), "target"), "port"),
      `the provider of ${String(serviceName)} has several listeners: set the target port`,
    );
  }
}
