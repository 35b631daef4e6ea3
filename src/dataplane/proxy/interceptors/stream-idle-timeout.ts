/**
 * The route's idle_timeout (App Mesh's idle, 300 s by default, 0 for none): Envoy's stream idle timer,
 * which any activity of the stream resets (request body bytes, response headers and bytes). Before the
 * response starts it becomes Envoy's `stream timeout` (SI), 504 when the request had arrived whole and
 * 408 while it was still arriving; after, the response is cut short, as Envoy resets the stream.
 */
import { durationMs } from "../durations.js";
import type { Exchange, Interceptor } from "./dispatch.js";

/** Unset on the route: Envoy's default stream_idle_timeout of the connection manager. */
const STREAM_IDLE_DEFAULT = "300s";

/** A route's stream idle timeout: its milliseconds (0: none), and the mesh object that set it, for replies. */
export function streamIdleOf(exchange: Pick<Exchange, "action" | "route" | "cluster">): {
  ms: number;
  decidedBy(): string;
} {
  const idle = exchange.action.idle_timeout ?? STREAM_IDLE_DEFAULT;
  return {
    ms: durationMs(idle, 300_000),
    decidedBy: () => `${exchange.route.mesh?.object ?? exchange.cluster.object} (idle timeout ${idle})`,
  };
}

export const streamIdleTimeout: Interceptor = (next) => (exchange, handler) => {
  const { ms, decidedBy } = streamIdleOf(exchange);
  if (ms <= 0) return next(exchange, handler);
  const { downstream } = exchange;
  let finished = false;
  const timer = setTimeout(() => {
    if (finished) return;
    stop();
    cancel();
    handler.onError({ kind: "idle-timeout", requestComplete: downstream.complete, decidedBy: decidedBy() }, false);
  }, ms);
  const active = () => timer.refresh();
  if (!downstream.complete) downstream.on("data", active);
  const stop = () => {
    finished = true;
    clearTimeout(timer);
    downstream.off("data", active);
  };
  const cancel = next(exchange, {
    onHeaders(status, headers, resume) {
      if (finished) return false;
      active();
      return handler.onHeaders(status, headers, resume);
    },
    onData(chunk) {
      if (finished) return true;
      active();
      return handler.onData(chunk);
    },
    onComplete(trailers) {
      if (finished) return;
      stop();
      handler.onComplete(trailers);
    },
    onError(failure, retried) {
      if (finished) return;
      stop();
      handler.onError(failure, retried);
    },
  });
  return () => {
    stop();
    cancel();
  };
};
