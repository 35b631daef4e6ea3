/**
 * The cluster's circuit breakers, as App Mesh's connection pools set them on the destination: HTTP/1
 * takes max_connections requests at once plus max_pending_requests waiting for a connection; HTTP/2
 * takes max_requests at once. One more is Envoy's overflow: 503, flag UO, `x-envoy-overloaded`.
 */
import { RESETS } from "../local-reply.js";
import type { Interceptor } from "./dispatch.js";

export const circuitBreaker: Interceptor = (next) => (exchange, handler) => {
  const { cluster } = exchange;
  const { breakers } = cluster;
  if (!breakers.tryRequest()) {
    const decidedBy = `${cluster.object} (connection pool: ${breakers.requestLimit} requests at once)`;
    handler.onError({ kind: "reset", reset: RESETS.overflow, decidedBy }, exchange.retries > 0);
    return () => {};
  }
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    breakers.releaseRequest();
  };
  const cancel = next(exchange, {
    onHeaders: (status, headers, resume) => handler.onHeaders(status, headers, resume),
    onData: (chunk) => handler.onData(chunk),
    onComplete(trailers) {
      release();
      handler.onComplete(trailers);
    },
    onError(failure, retried) {
      release();
      handler.onError(failure, retried);
    },
  });
  return () => {
    release();
    cancel();
  };
};
