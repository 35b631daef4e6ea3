/**
 * `mesh route-check`: a table of requests with the outcomes they should have, checked through
 * explain() (so through the proxy's own routing), as Envoy's router_check_tool checks route tables.
 *
 *   from: caller                     # the virtual node whose proxy routes (default for every test)
 *   tests:
 *     - name: beta users reach v2
 *       request: { url: "http://colors.local:8080/", headers: { x-beta-user: "true" } }
 *       expect: { virtualService: colors.local, route: beta, targets: { colors-v2: 100 } }
 *     - name: unknown hosts are refused
 *       request: { url: "http://nope.local/" }
 *       expect: { status: 404, flags: NR }
 *
 * `expect` may name: virtualService, route, virtualNode (the one target with weight), targets (node →
 * weight, all of them), status and flags (a local reply), passthrough (true: ALLOW_ALL lets it out).
 * A test may enter through a virtual gateway (`gateway: <name>`) instead of a node's egress. With
 * `--against`, `expect` is optional: the test then checks that another system routes it the same.
 */
import type { MeshSnapshot } from "../../snapshot/snapshot.js";
import { type Decision, explain, type Origin } from "./explain.js";

export interface RouteCheckCase {
  name: string;
  from: Origin;
  request: { method: string; url: string; headers: Record<string, string> };
  expect: Expectation | undefined;
}

export interface Expectation {
  virtualService?: string;
  route?: string;
  virtualNode?: string;
  targets?: Record<string, number>;
  status?: number;
  flags?: string;
  passthrough?: boolean;
}

export interface CaseResult {
  name: string;
  ok: boolean;
  /** One line per expectation the decision did not meet. */
  mismatches: string[];
  decision: Decision;
}

export class RouteCheckTableError extends Error {
  override readonly name = "RouteCheckTableError";
}

const EXPECTATIONS = new Set(["virtualService", "route", "virtualNode", "targets", "status", "flags", "passthrough"]);

/**
 * The cases of a parsed table file, or a RouteCheckTableError naming the path of what is wrong.
 * `expectations: "optional"` when another system's answer is the check (`--against`).
 */
export function parseTable(
  table: unknown,
  expectations: "required" | "optional" = "required",
): { mesh?: string; cases: RouteCheckCase[] } {
  const root = record(table, "the table");
  const defaultFrom = optionalString(root.from, "from");
  const tests = root.tests;
  if (!Array.isArray(tests) || tests.length === 0)
    throw new RouteCheckTableError("tests: expected a non-empty list of tests");
  const cases = tests.map((item, i): RouteCheckCase => {
    const at = `tests[${i}]`;
    const test = record(item, at);
    const request = record(test.request, `${at}.request`);
    const url = optionalString(request.url, `${at}.request.url`);
    if (url === undefined) throw new RouteCheckTableError(`${at}.request.url: required`);
    const headers = record(request.headers ?? {}, `${at}.request.headers`);
    const gateway = optionalString(test.gateway, `${at}.gateway`);
    const node = optionalString(test.from, `${at}.from`) ?? defaultFrom;
    if (gateway === undefined && node === undefined) {
      throw new RouteCheckTableError(`${at}.from: required (or a top-level from, or a gateway)`);
    }
    const from: Origin =
      gateway !== undefined ? { kind: "virtualGateway", name: gateway } : { kind: "virtualNode", name: node as string };
    const expect =
      test.expect === undefined && expectations === "optional" ? undefined : record(test.expect, `${at}.expect`);
    for (const key of Object.keys(expect ?? {})) {
      if (!EXPECTATIONS.has(key)) {
        throw new RouteCheckTableError(
          `${at}.expect.${key}: unknown expectation (known: ${[...EXPECTATIONS].join(", ")})`,
        );
      }
    }
    if (expect && Object.keys(expect).length === 0) throw new RouteCheckTableError(`${at}.expect: expects nothing`);
    return {
      name: optionalString(test.name, `${at}.name`) ?? `${at}`,
      from,
      request: {
        method: optionalString(request.method, `${at}.request.method`)?.toUpperCase() ?? "GET",
        url,
        headers: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), String(v)])),
      },
      expect: expect as Expectation | undefined,
    };
  });
  const mesh = optionalString(root.mesh, "mesh");
  return { ...(mesh === undefined ? {} : { mesh }), cases };
}

export function runCase(snapshot: MeshSnapshot, test: RouteCheckCase): CaseResult {
  const decision = explain(snapshot, test.from, test.request);
  const mismatches = test.expect ? compare(test.expect, decision) : [];
  return { name: test.name, ok: mismatches.length === 0, mismatches, decision };
}

function compare(expect: Expectation, decision: Decision): string[] {
  const problems: string[] = [];
  const got = (what: string, expected: unknown, actual: unknown) => {
    if (JSON.stringify(expected) !== JSON.stringify(actual)) {
      problems.push(
        `${what}: expected ${JSON.stringify(expected)}, got ${actual === undefined ? "none" : JSON.stringify(actual)}`,
      );
    }
  };
  const route = decision.kind === "route" ? decision : undefined;
  const reply = decision.kind === "local-reply" ? decision : undefined;
  if (expect.virtualService !== undefined) got("virtualService", expect.virtualService, route?.virtualService);
  if (expect.route !== undefined) got("route", expect.route, route?.route);
  if (expect.targets !== undefined) {
    const actual = route && Object.fromEntries(route.targets.map((t) => [t.virtualNode, t.weight]));
    got("targets", sortKeys(expect.targets), actual && sortKeys(actual));
  }
  if (expect.virtualNode !== undefined) {
    const weighted = route?.targets.filter((t) => t.weight > 0) ?? [];
    got(
      "virtualNode",
      expect.virtualNode,
      weighted.length === 1 ? weighted[0]?.virtualNode : weighted.map((t) => t.virtualNode).join(",") || undefined,
    );
  }
  if (expect.status !== undefined)
    got("status", expect.status, reply?.status ?? (route ? "routed upstream" : undefined));
  if (expect.flags !== undefined) got("flags", expect.flags, reply?.flags);
  if (expect.passthrough !== undefined) got("passthrough", expect.passthrough, decision.kind === "passthrough");
  return problems;
}

function sortKeys(object: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(object).sort(([a], [b]) => (a < b ? -1 : 1)));
}

function record(value: unknown, at: string): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value))
    throw new RouteCheckTableError(`${at}: expected a mapping`);
  return value as Record<string, unknown>;
}

function optionalString(value: unknown, at: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "string") throw new RouteCheckTableError(`${at}: expected a string`);
  return value;
}
