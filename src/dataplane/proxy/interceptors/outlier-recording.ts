/** Tells the cluster's outlier detection how each attempt went: 5xx and failures count against the host. */
import type { Interceptor } from "./dispatch.js";

export const outlierRecording: Interceptor = (next) => (exchange, handler) => {
  const { cluster, host } = exchange;
  if (!host || !cluster.config.outlier_detection) return next(exchange, handler);
  return next(exchange, {
    onHeaders(status, headers, resume) {
      cluster.record(host, status >= 500);
      return handler.onHeaders(status, headers, resume);
    },
    onData: (chunk) => handler.onData(chunk),
    onComplete: (trailers) => handler.onComplete(trailers),
    onError(failure, retried) {
      cluster.record(host, true);
      handler.onError(failure, retried);
    },
  });
};
