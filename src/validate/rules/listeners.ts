/**
 * Listener rules for virtual nodes and virtual gateways: the connection pool and the timeout are keyed
 * by protocol and must match the listener's; a health check path only means something for http and
 * http2, and its port must be the listener's; two listeners cannot share a port.
 */

import { list, memberOf, obj } from "../../model/json.js";
import { checkDuration, checkTimeout } from "./durations.js";
import { childPath, type Findings } from "./rule.js";

export function checkListeners(findings: Findings, listeners: unknown, path: string): void {
  const ports = new Map<number, number>();
  for (const [i, item] of list(listeners).entries()) {
    const listener = obj(item);
    if (!listener) continue;
    const at = childPath(path, i);
    const mapping = obj(listener.portMapping);
    const protocol = mapping?.protocol as string | undefined;
    const port = mapping?.port as number | undefined;
    if (port !== undefined) {
      const first = ports.get(port);
      if (first !== undefined) {
        findings.error(
          childPath(childPath(at, "portMapping"), "port"),
          `port ${port} is already used by listeners[${first}]`,
        );
      } else {
        ports.set(port, i);
      }
    }
    checkKeyedByProtocol(
      findings,
      listener.connectionPool,
      protocol,
      childPath(at, "connectionPool"),
      "connection pool",
    );
    checkKeyedByProtocol(findings, listener.timeout, protocol, childPath(at, "timeout"), "timeout");
    const timeout = obj(listener.timeout);
    const timeoutType = memberOf(timeout);
    if (timeout && timeoutType)
      checkTimeout(findings, timeout[timeoutType], childPath(childPath(at, "timeout"), timeoutType));
    checkHealthCheck(findings, listener.healthCheck, port, childPath(at, "healthCheck"));
    const outlier = obj(listener.outlierDetection);
    for (const member of ["interval", "baseEjectionDuration"]) {
      checkDuration(findings, outlier?.[member], childPath(childPath(at, "outlierDetection"), member));
    }
  }
}

function checkKeyedByProtocol(
  findings: Findings,
  value: unknown,
  protocol: string | undefined,
  path: string,
  what: string,
): void {
  const key = memberOf(value);
  if (key && protocol && key !== protocol) {
    findings.error(childPath(path, key), `the ${what} must match the listener protocol (${protocol}), not ${key}`);
  }
}

function checkHealthCheck(findings: Findings, value: unknown, listenerPort: number | undefined, path: string): void {
  const check = obj(value);
  if (!check) return;
  const protocol = check.protocol as string | undefined;
  if (check.path !== undefined && protocol !== "http" && protocol !== "http2") {
    findings.error(
      childPath(path, "path"),
      `a health check path is only valid for http and http2 health checks, not ${protocol}`,
    );
  }
  if ((protocol === "http" || protocol === "http2") && check.path === undefined) {
    findings.warning(childPath(path, "path"), `an ${protocol} health check without a path probes nothing useful`);
  }
  if (check.port !== undefined && listenerPort !== undefined && check.port !== listenerPort) {
    findings.error(childPath(path, "port"), `the health check port must be the listener's port (${listenerPort})`);
  }
  const interval = check.intervalMillis as number | undefined;
  const timeout = check.timeoutMillis as number | undefined;
  if (interval !== undefined && timeout !== undefined && timeout >= interval) {
    findings.warning(
      childPath(path, "timeoutMillis"),
      `the timeout (${timeout} ms) should be shorter than the interval (${interval} ms)`,
    );
  }
}
