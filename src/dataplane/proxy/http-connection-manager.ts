/**
 * Envoy's HTTP connection manager and router filter, per request: normalise the path, route it
 * (virtual host, route, weighted cluster), build the upstream request, and send it through the
 * request path's interceptors; every refusal on the way is a local reply naming the mesh object
 * that decided it.
 */
import type { IncomingMessage } from "node:http";
import type { Socket } from "node:net";
import { Readable } from "node:stream";
import type { HttpConnectionManager } from "../envoy/listener.js";
import { type AccessLogger, AccessLogger as Logger, type LogSink } from "./access-log.js";
import { openTunnel, refuseTunnel, replyOnSocket } from "./connect-tunnel.js";
import {
  type DownstreamRequest,
  type DownstreamResponse,
  ExchangeRecord,
  type HttpStats,
  responseWriter,
  sendLocalReply,
} from "./downstream.js";
import { durationMs } from "./durations.js";
import { upstreamRequestHeaders } from "./headers.js";
import { circuitBreaker } from "./interceptors/circuit-breaker.js";
import { compose, type Dispatch, type Exchange } from "./interceptors/dispatch.js";
import { hostSelection } from "./interceptors/host-selection.js";
import { outlierRecording } from "./interceptors/outlier-recording.js";
import { perTryTimeout } from "./interceptors/per-try-timeout.js";
import { retry } from "./interceptors/retry.js";
import { routeTimeout } from "./interceptors/route-timeout.js";
import { localReplies } from "./local-reply.js";
import type { RoutableRequest } from "./matchers.js";
import { normalizePath } from "./path.js";
import { RouteTable } from "./route-table.js";
import type { Stats } from "./stats.js";
import type { UpstreamRequest } from "./upstream/attempt.js";
import type { ClusterManager } from "./upstream/cluster-manager.js";
import { resetOf } from "./upstream/host.js";

/** Request bodies up to this size are kept for retries (Envoy's default buffer limit); larger ones stream. */
const RETRY_BUFFER_BYTES = 1024 * 1024;

/** What a connection manager reads from its proxy at request time, so config updates apply to the next request. */
export interface ProxyContext {
  routeTable(name: string): RouteTable | undefined;
  readonly clusters: ClusterManager;
  readonly stats: Stats;
  readonly logSink: LogSink;
  /** Where the proxy reports its own failures. */
  log(line: string): void;
}

/** Where the request was going, for ORIGINAL_DST clusters: the listener's stand-in for iptables. */
export interface DownstreamContext {
  originalDestination: string | undefined;
  scheme: "http" | "https";
}

/** The terminal dispatch: the chosen host's pool. Failures name the virtual node and the host. */
const upstream: Dispatch = (exchange, handler) => {
  const host = exchange.host;
  if (!host) throw new Error("no host chosen");
  return host.dispatch(exchange.request, {
    onHeaders: (status, headers, resume) => handler.onHeaders(status, headers, resume),
    onData: (chunk) => handler.onData(chunk),
    onComplete: (trailers) => handler.onComplete(trailers),
    onError: (failure, retried) =>
      handler.onError(
        failure.kind === "reset" ? { ...failure, decidedBy: `${exchange.cluster.object} (${host.address})` } : failure,
        retried,
      ),
  });
};

/** The request path, outermost first: each attempt of a retry goes through everything after `retry`. */
const dispatch = compose(routeTimeout, retry, perTryTimeout, circuitBreaker, hostSelection, outlierRecording)(upstream);

export class HttpConnectionManagerRuntime {
  private readonly stats: HttpStats;
  private readonly loggers: AccessLogger[];
  private readonly normalize: boolean;
  /** An inline route configuration (API listeners, passthrough), compiled once. */
  private readonly inline: RouteTable | undefined;

  constructor(
    readonly config: HttpConnectionManager,
    private readonly proxy: ProxyContext,
  ) {
    const prefix = `http.${config.stat_prefix}.`;
    const s = proxy.stats;
    this.stats = {
      rqTotal: s.counter(`${prefix}downstream_rq_total`),
      rqActive: s.gauge(`${prefix}downstream_rq_active`),
      rqCompleted: s.counter(`${prefix}downstream_rq_completed`),
      rqByClass: [1, 2, 3, 4, 5].map((n) => s.counter(`${prefix}downstream_rq_${n}xx`)),
      rqTime: s.histogram(`${prefix}downstream_rq_time`),
      noRoute: s.counter(`${prefix}no_route`),
      noCluster: s.counter(`${prefix}no_cluster`),
    };
    this.loggers = (config.access_log ?? []).map((log) => new Logger(log, proxy.logSink));
    this.normalize = config.normalize_path === true || config.merge_slashes === true;
    this.inline = config.route_config ? new RouteTable(config.route_config) : undefined;
  }

  /** The route table this connection manager uses now. */
  routeTable(): RouteTable | undefined {
    const rds = this.config.rds?.route_config_name;
    return rds === undefined ? this.inline : this.proxy.routeTable(rds);
  }

  /** CONNECT: a tunnel to where the authority routes (see connect-tunnel.ts). */
  tunnel(req: IncomingMessage, socket: Socket, head: Buffer, authority: string): void {
    const table = this.routeTable();
    const routable: RoutableRequest = {
      authority,
      path: "/",
      method: "CONNECT",
      scheme: "http",
      header: (name) => req.headers[name] as string | undefined,
    };
    const result = table?.route(routable) ?? { kind: "no-host" as const };
    if (result.kind !== "route") {
      const object = result.kind === "no-route" ? result.host.mesh?.object : table?.mesh?.object;
      refuseTunnel(
        socket,
        `${object ?? "proxy"} (${result.kind === "no-route" ? "no route matches" : (table?.mesh?.reason ?? "no virtual host")})`,
      );
      return;
    }
    const name = result.route.pickCluster(Math.random());
    const cluster = name === undefined ? undefined : this.proxy.clusters.get(name);
    const address = cluster?.originalDestination ? authority : cluster?.pick(undefined)?.address;
    if (!cluster || address === undefined) {
      const decidedBy = `${cluster?.object ?? result.route.mesh?.object ?? "route"} (no endpoints)`;
      replyOnSocket(socket, localReplies.noHealthyUpstream(decidedBy));
      return;
    }
    openTunnel(socket, head, address, (error) =>
      localReplies.upstreamReset(resetOf(error), false, `${cluster.object} (${address})`),
    );
  }

  handle(
    req: DownstreamRequest,
    res: DownstreamResponse,
    authority: string,
    rawPath: string,
    context: DownstreamContext,
  ): void {
    const record = new ExchangeRecord(req, res, this.stats, this.loggers);
    const path = this.normalize ? normalizePath(rawPath) : rawPath;
    record.path = rawPath;
    if (path === undefined) {
      sendLocalReply(record, localReplies.badRequest("path_normalization_failed"));
      return;
    }
    const table = this.routeTable();
    const method = req.method ?? "GET";
    const headers = req.headers;
    const routable: RoutableRequest = {
      authority,
      path,
      method,
      scheme: context.scheme,
      header: (name) => {
        const value = headers[name];
        return Array.isArray(value) ? value.join(",") : value;
      },
    };
    const result = table?.route(routable) ?? { kind: "no-host" as const };
    if (result.kind !== "route") {
      this.stats.noRoute.value++;
      const host = authority.replace(/:\d+$/, "");
      const decidedBy =
        result.kind === "no-route"
          ? `${result.host.mesh?.object ?? result.host.config.name} (no route matches${result.host.mesh?.reason ? `; ${result.host.mesh.reason}` : ""})`
          : `${table?.mesh?.object ?? "proxy"} (${table?.mesh?.unresolved?.[host] ?? table?.mesh?.reason ?? `no virtual host for ${authority}`})`;
      sendLocalReply(record, localReplies.noRoute(decidedBy));
      return;
    }
    const { route } = result;
    record.routeName = route.config.name;
    const action = route.action;
    if (route.config.direct_response) {
      const { status, body } = route.config.direct_response;
      sendLocalReply(record, {
        status,
        body: body?.inline_string ?? "",
        flags: "",
        details: "direct_response",
        decidedBy: route.mesh?.object ?? "",
      });
      return;
    }
    const clusterName = route.pickCluster(Math.random());
    const cluster = clusterName === undefined ? undefined : this.proxy.clusters.get(clusterName);
    if (!action || !cluster) {
      this.stats.noCluster.value++;
      sendLocalReply(
        record,
        localReplies.clusterNotFound(`${route.mesh?.object ?? "route"} (cluster ${clusterName} not found)`),
      );
      return;
    }
    record.cluster = cluster;
    const timeoutMs = durationMs(action.timeout, 15_000);
    const upstreamAuthority = action.host_rewrite_literal ?? authority;
    const request: UpstreamRequest = {
      method,
      path,
      headers: upstreamRequestHeaders(req.rawHeaders, upstreamAuthority, context.scheme, timeoutMs, record.requestId),
      body: null,
    };
    const destination = cluster.originalDestination ? (context.originalDestination ?? authority) : undefined;
    const exchange: Exchange = {
      request,
      route,
      action,
      cluster,
      ...(destination !== undefined ? { destination } : {}),
      tried: new Set(),
      retries: 0,
    };
    const stats = cluster.stats;
    stats.rqTotal.value++;
    stats.rqActive.value++;
    const start = () => {
      const writer = responseWriter(record, performance.now());
      let finished = false;
      const done = () => {
        if (finished) return;
        finished = true;
        stats.rqActive.value--;
        stats.rqCompleted.value++;
        record.upstreamHost = exchange.host?.address;
      };
      const cancel = dispatch(exchange, {
        onHeaders: (status, raw, resume) => {
          record.upstreamHost = exchange.host?.address;
          return writer.onHeaders(status, raw, resume);
        },
        onData: (chunk) => writer.onData(chunk),
        onComplete: (trailers) => {
          done();
          writer.onComplete(trailers);
        },
        onError: (failure, retried) => {
          done();
          writer.onError(failure, retried);
        },
      });
      res.once("close", () => {
        if (!finished) {
          done();
          cancel();
        }
      });
    };
    if (!hasBody(req)) {
      start();
      return;
    }
    readBody(req, (body) => {
      request.body = body;
      start();
    });
  }
}

/** Whether a request carries a body (HTTP/1: a length or chunked; HTTP/2: its stream is still open). */
function hasBody(req: DownstreamRequest): boolean {
  const length = req.headers["content-length"];
  if (length !== undefined) return length !== "0";
  if (req.httpVersion === "2.0")
    return !req.readableEnded && !(req as { stream?: { endAfterHeaders?: boolean } }).stream?.endAfterHeaders;
  return req.headers["transfer-encoding"] !== undefined;
}

/** The body in one buffer when it is small enough to retry with; else a stream of it. */
function readBody(req: DownstreamRequest, done: (body: Buffer | NodeJS.ReadableStream) => void): void {
  const chunks: Buffer[] = [];
  let size = 0;
  const onData = (chunk: Buffer) => {
    chunks.push(chunk);
    size += chunk.length;
    if (size > RETRY_BUFFER_BYTES) {
      req.off("data", onData);
      req.off("end", onEnd);
      req.pause();
      done(replay(chunks, req));
    }
  };
  const onEnd = () => done(Buffer.concat(chunks, size));
  req.on("data", onData);
  req.on("end", onEnd);
}

/** A stream of what was read already, then the rest of `req`. */
function replay(chunks: Buffer[], req: DownstreamRequest): NodeJS.ReadableStream {
  async function* all() {
    yield* chunks;
    for await (const chunk of req) yield chunk as Buffer;
  }
  return Readable.from(all());
}
