/**
 * Picks the host of each attempt: round robin over the cluster's hosts, away from hosts already tried
 * (App Mesh's previous_hosts predicate), or the original destination for ORIGINAL_DST clusters. No
 * host is Envoy's `no healthy upstream` (UH).
 */
import type { Interceptor } from "./dispatch.js";

export const hostSelection: Interceptor = (next) => (exchange, handler) => {
  const { cluster } = exchange;
  const attempts = Number(exchange.action.retry_policy?.host_selection_retry_max_attempts ?? 1);
  const host =
    cluster.originalDestination && exchange.destination !== undefined
      ? cluster.hostFor(exchange.destination)
      : cluster.pick(exchange.tried, attempts);
  if (!host) {
    cluster.stats.noneHealthy.value++;
    const reason = cluster.members().length === 0 ? "no endpoints" : "no healthy endpoint";
    handler.onError({ kind: "no-healthy-upstream", decidedBy: `${cluster.object} (${reason})` }, exchange.retries > 0);
    return () => {};
  }
  exchange.host = host;
  exchange.tried.add(host);
  return next(exchange, handler);
};
