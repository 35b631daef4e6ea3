/**
 * Whether two systems route a request the same: both refuse it, or both send it to the same virtual
 * nodes with the same shares of traffic (weights compared as percentages, since Gateway API's are
 * relative) and, through a gateway, with the same path. Names of the routing objects are each
 * system's own and are not compared.
 */
import type { Decision } from "./decision.js";

export function differences(expected: Decision, actual: Decision): string[] {
  if ("noMatch" in expected || "noMatch" in actual) {
    if ("noMatch" in expected && "noMatch" in actual) return [];
    return "noMatch" in expected
      ? [`App Mesh refuses it (${expected.noMatch}), the export routes it to ${shares(actual)}`]
      : [`App Mesh routes it to ${shares(expected)}, the export does not (${(actual as { noMatch: string }).noMatch})`];
  }
  const problems: string[] = [];
  if (shares(expected) !== shares(actual))
    problems.push(`App Mesh routes it to ${shares(expected)}, the export to ${shares(actual)}`);
  const path = expected.rewrite?.path;
  if (path !== undefined && (actual.rewrite?.path ?? "") !== path) {
    problems.push(`App Mesh sends it on as ${path}, the export as ${actual.rewrite?.path ?? "(unchanged)"}`);
  }
  return problems;
}

/** `colors-v1 90%, colors-v2 10%`: the virtual nodes (or hosts) with a share of the traffic. */
function shares(decision: Decision): string {
  if ("noMatch" in decision) return "nowhere";
  const total = decision.targets.reduce((sum, t) => sum + t.weight, 0) || 1;
  const byNode = new Map<string, number>();
  for (const target of decision.targets) {
    if (target.weight === 0) continue;
    const name = target.virtualNode ?? target.host;
    byNode.set(name, (byNode.get(name) ?? 0) + (100 * target.weight) / total);
  }
  return (
    [...byNode]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([name, share]) => `${name} ${Number(share.toFixed(2))}%`)
      .join(", ") || "nowhere"
  );
}
