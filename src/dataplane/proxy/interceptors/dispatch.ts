/**
 * The request path as a stack of small interceptors, as undici builds its dispatchers: each takes the
 * next dispatch and returns one that does its part around it (a timeout, retries, host selection…).
 * `compose(a, b, c)(terminal)` runs a, then b, then c, then the terminal dispatch.
 */
import type { RouteAction } from "../../envoy/route.js";
import type { DownstreamRequest } from "../downstream.js";
import type { CompiledRoute } from "../route-table.js";
import type { Cancel, ResponseHandler, UpstreamRequest } from "../upstream/attempt.js";
import type { ClusterRuntime } from "../upstream/cluster.js";
import type { UpstreamHost } from "../upstream/host.js";

/** One downstream request on its way upstream, with what its attempts learn. */
export interface Exchange {
  request: UpstreamRequest;
  /** The request as it arrives: its body bytes are activity of the stream. */
  downstream: DownstreamRequest;
  route: CompiledRoute;
  action: RouteAction;
  cluster: ClusterRuntime;
  /** ORIGINAL_DST clusters: where the request was going ("ip:port" or "host:port"). */
  destination?: string;
  /** The host of the current attempt, once chosen. */
  host?: UpstreamHost;
  /** Hosts of earlier attempts. */
  tried: Set<UpstreamHost>;
  /** Retries made so far. */
  retries: number;
  /** Envoy's response flags the path set for an upstream response it passes on (URX, UO). */
  responseFlags: string[];
}

export type Dispatch = (exchange: Exchange, handler: ResponseHandler) => Cancel;
export type Interceptor = (next: Dispatch) => Dispatch;

export function compose(...interceptors: Interceptor[]): (terminal: Dispatch) => Dispatch {
  return (terminal) => interceptors.reduceRight<Dispatch>((next, interceptor) => interceptor(next), terminal);
}

/** Handler methods passed through unchanged, for interceptors that only watch some of them. */
export function forward(handler: ResponseHandler): ResponseHandler {
  return {
    onHeaders: (status, headers, resume) => handler.onHeaders(status, headers, resume),
    onData: (chunk) => handler.onData(chunk),
    onComplete: (trailers) => handler.onComplete(trailers),
    onError: (failure, retried) => handler.onError(failure, retried),
  };
}
