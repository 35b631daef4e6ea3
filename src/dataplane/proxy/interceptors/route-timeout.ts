/**
 * The route's timeout (App Mesh's perRequest, 15 s by default, 0 for none): from the start of the
 * exchange to the end of the response. Before the response starts it becomes Envoy's 504
 * `upstream request timeout` (UT); after, the response is cut short, as Envoy resets the stream.
 */
import { durationMs } from "../durations.js";
import type { Interceptor } from "./dispatch.js";

export const routeTimeout: Interceptor = (next) => (exchange, handler) => {
  const ms = durationMs(exchange.action.timeout, 15_000);
  if (ms <= 0) return next(exchange, handler);
  let started = false;
  let finished = false;
  const timer = setTimeout(() => {
    if (finished) return;
    finished = true;
    cancel();
    exchange.cluster.stats.rqTimeout.value++;
    if (exchange.host) exchange.host.stats.rq_timeout++;
    const decidedBy = `${exchange.route.mesh?.object ?? exchange.cluster.object} (timeout ${exchange.action.timeout})`;
    handler.onError({ kind: "timeout", perTry: false, decidedBy }, exchange.retries > 0 && !started);
  }, ms);
  const cancel = next(exchange, {
    onHeaders(status, headers, resume) {
      started = true;
      return finished ? false : handler.onHeaders(status, headers, resume);
    },
    onData: (chunk) => (finished ? true : handler.onData(chunk)),
    onComplete(trailers) {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      handler.onComplete(trailers);
    },
    onError(failure, retried) {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      handler.onError(failure, retried);
    },
  });
  return () => {
    finished = true;
    clearTimeout(timer);
    cancel();
  };
};
