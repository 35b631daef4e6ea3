/**
 * Tier 2, part two: the rules App Mesh enforces across the members of one spec, run after the model's
 * constraints pass. Keyed by the spec's shape name, so any operation carrying a spec gets them.
 */

import { type Json, list, obj } from "../../model/json.js";
import type { Problem } from "../problem.js";
import { checkGatewayRouteSpec } from "./gateway-routes.js";
import { checkListeners } from "./listeners.js";
import { checkRouteSpec } from "./routes.js";
import { childPath, Findings } from "./rule.js";

type SpecRule = (findings: Findings, spec: Json, path: string) => void;

const RULES: Record<string, SpecRule> = {
  VirtualNodeSpec: (findings, spec, path) => {
    checkServiceDiscovery(findings, spec, path);
    checkListeners(findings, spec.listeners, childPath(path, "listeners"));
    checkBackends(findings, spec.backends, childPath(path, "backends"));
  },
  VirtualGatewaySpec: (findings, spec, path) => checkListeners(findings, spec.listeners, childPath(path, "listeners")),
  VirtualRouterSpec: (findings, spec, path) => checkListeners(findings, spec.listeners, childPath(path, "listeners")),
  RouteSpec: checkRouteSpec,
  GatewayRouteSpec: checkGatewayRouteSpec,
};

/** The rule problems of a spec of the given shape (`VirtualNodeSpec`, …), at `path` (usually "spec"). */
export function checkSpecRules(specShape: string, spec: unknown, path = "spec"): Problem[] {
  const rule = RULES[specShape];
  const value = obj(spec);
  if (!rule || !value) return [];
  const findings = new Findings();
  rule(findings, value, path);
  return findings.problems;
}

/**
 * A virtual node has service discovery exactly when it has listeners: App Mesh refuses service
 * discovery without a listener (in these words), and its API reference requires service discovery
 * for a listener.
 */
function checkServiceDiscovery(findings: Findings, spec: Json, path: string): void {
  const listeners = list(spec.listeners).length > 0;
  const discovery = obj(spec.serviceDiscovery) !== undefined;
  const at = childPath(path, "serviceDiscovery");
  if (discovery && !listeners) findings.refusal(at, "Service Discovery can't be set without a listener.");
  if (listeners && !discovery) {
    findings.refusal(at, "If you specify a listener, then you must specify service discovery information.");
  }
}

/** The same virtual service twice among a node's backends (App Mesh collapsed them silently; R#170). */
function checkBackends(findings: Findings, backends: unknown, path: string): void {
  const seen = new Map<string, number>();
  for (const [i, backend] of list(backends).entries()) {
    const name = obj(obj(backend)?.virtualService)?.virtualServiceName;
    if (typeof name !== "string") continue;
    const first = seen.get(name);
    if (first === undefined) seen.set(name, i);
    else findings.error(childPath(path, i), `virtual service ${name} is already a backend at backends[${first}]`);
  }
}
