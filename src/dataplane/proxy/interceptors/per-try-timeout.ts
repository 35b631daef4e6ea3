/**
 * A retry policy's per_try_timeout: each attempt may take this long to start its response, else it
 * fails as a per-try timeout (which the retry interceptor may retry) and Envoy's
 * `upstream_rq_per_try_timeout` counts it.
 */
import { durationMs } from "../durations.js";
import type { Interceptor } from "./dispatch.js";

export const perTryTimeout: Interceptor = (next) => (exchange, handler) => {
  const ms = durationMs(exchange.action.retry_policy?.per_try_timeout, 0);
  if (ms <= 0) return next(exchange, handler);
  let settled = false;
  const timer = setTimeout(() => {
    if (settled) return;
    settled = true;
    cancel();
    exchange.cluster.stats.rqPerTryTimeout.value++;
    if (exchange.host) exchange.host.stats.rq_timeout++;
    const decidedBy = `${exchange.route.mesh?.object ?? exchange.cluster.object} (perRetryTimeout ${exchange.action.retry_policy?.per_try_timeout})`;
    handler.onError({ kind: "timeout", perTry: true, decidedBy }, exchange.retries > 0);
  }, ms);
  const cancel = next(exchange, {
    onHeaders(status, headers, resume) {
      if (settled) return true;
      settled = true;
      clearTimeout(timer);
      return handler.onHeaders(status, headers, resume);
    },
    onData: (chunk) => handler.onData(chunk),
    onComplete: (trailers) => handler.onComplete(trailers),
    onError(failure, retried) {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      handler.onError(failure, retried);
    },
  });
  return () => {
    settled = true;
    clearTimeout(timer);
    cancel();
  };
};
