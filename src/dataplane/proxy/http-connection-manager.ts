/**
 * Envoy's HTTP connection manager and router filter, per request: normalise the path, route it
 * (virtual host, route, weighted cluster), build the upstream request, and send it through the
 * request path's interceptors; every refusal on the way is a local reply naming the mesh object
 * that decided it.
 */
import { randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { Socket } from "node:net";
import type { HeaderValueOption } from "../envoy/common.js";
import type { HttpConnectionManager } from "../envoy/listener.js";
import { type AccessLogger, AccessLogger as Logger, type LogSink } from "./access-log.js";
import {
  type DownstreamRequest,
  type DownstreamResponse,
  ExchangeRecord,
  failureReply,
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
import { streamIdleOf, streamIdleTimeout } from "./interceptors/stream-idle-timeout.js";
import { localReplies } from "./local-reply.js";
import type { RoutableRequest } from "./matchers.js";
import { normalizePath } from "./path.js";
import { requestBody } from "./request-body.js";
import { rewritePath } from "./rewrite.js";
import { RouteTable } from "./route-table.js";
import type { Stats } from "./stats.js";
import { openTunnel, refuseTunnel, replyOnSocket, requestHead } from "./tunnels.js";
import type { UpstreamRequest } from "./upstream/attempt.js";
import type { ClusterManager } from "./upstream/cluster-manager.js";
import { resetOf } from "./upstream/host.js";

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

/**
 * Headers a route removes and adds on the way upstream (flat pairs, names in lower case), with Envoy's
 * append actions: add (the default), add only if absent, or overwrite.
 */
function editHeaders(headers: string[], remove: string[] | undefined, add: HeaderValueOption[] | undefined): string[] {
  if (!remove?.length && !add?.length) return headers;
  const removed = new Set((remove ?? []).map((name) => name.toLowerCase()));
  for (const { header, append_action } of add ?? []) {
    if (append_action === "OVERWRITE_IF_EXISTS_OR_ADD") removed.add(header.key.toLowerCase());
  }
  const edited: string[] = [];
  for (let i = 0; i < headers.length; i += 2) {
    if (!removed.has(headers[i] as string)) edited.push(headers[i] as string, headers[i + 1] as string);
  }
  for (const { header, append_action } of add ?? []) {
    const name = header.key.toLowerCase();
    if (append_action === "ADD_IF_ABSENT" && edited.some((value, i) => i % 2 === 0 && value === name)) continue;
    edited.push(name, header.value);
  }
  return edited;
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
const dispatch = compose(
  streamIdleTimeout,
  routeTimeout,
  retry,
  perTryTimeout,
  circuitBreaker,
  hostSelection,
  outlierRecording,
)(upstream);

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
      rqIdleTimeout: s.counter(`${prefix}downstream_rq_idle_timeout`),
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
    const target = cluster?.originalDestination ? authority : cluster?.pick(undefined);
    if (!cluster || target === undefined) {
      const decidedBy = `${cluster?.object ?? result.route.mesh?.object ?? "route"} (no endpoints)`;
      replyOnSocket(socket, localReplies.noHealthyUpstream(decidedBy));
      return;
    }
    const address = typeof target === "string" ? target : target.address;
    openTunnel(socket, head, target, (error) =>
      localReplies.upstreamReset(resetOf(error), false, `${cluster.object} (${address})`),
    );
  }

  /** A WebSocket upgrade: routed as a request, then the connection is handed through to the chosen host. */
  upgrade(
    req: IncomingMessage,
    socket: Socket,
    head: Buffer,
    authority: string,
    rawPath: string,
    context: DownstreamContext,
  ): void {
    const websocket = this.config.upgrade_configs?.some((u) => u.upgrade_type === "websocket" && u.enabled !== false);
    const path = (this.normalize ? normalizePath(rawPath) : rawPath) ?? rawPath;
    const routable: RoutableRequest = {
      authority,
      path,
      method: req.method ?? "GET",
      scheme: "http",
      header: (name) => req.headers[name] as string | undefined,
    };
    const table = this.routeTable();
    const result = websocket ? (table?.route(routable) ?? { kind: "no-host" as const }) : { kind: "no-host" as const };
    if (result.kind !== "route") {
      const object = result.kind === "no-route" ? result.host.mesh?.object : table?.mesh?.object;
      refuseTunnel(socket, `${object ?? "proxy"} (${websocket ? "no route matches" : "upgrades are off"})`);
      return;
    }
    const name = result.route.pickCluster(Math.random());
    const cluster = name === undefined ? undefined : this.proxy.clusters.get(name);
    const host = cluster?.originalDestination
      ? cluster.hostFor(context.originalDestination ?? authority)
      : cluster?.pick(undefined);
    if (!cluster || !host) {
      replyOnSocket(socket, localReplies.noHealthyUpstream(`${cluster?.object ?? "route"} (no endpoints)`));
      return;
    }
    const timeoutMs = durationMs(result.route.action?.timeout, 15_000);
    const given = req.headers["x-request-id"];
    const headers = upstreamRequestHeaders(
      req.rawHeaders,
      authority,
      "http",
      timeoutMs,
      typeof given === "string" ? given : randomUUID(),
    );
    headers.push("connection", "upgrade", "upgrade", String(req.headers.upgrade));
    const failed = (error: NodeJS.ErrnoException) =>
      localReplies.upstreamReset(resetOf(error), false, `${cluster.object} (${host.address})`);
    openTunnel(socket, head, host, failed, requestHead(req.method ?? "GET", path, headers));
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
    const upstreamPath = rewritePath(route, path);
    let upstreamHeaders = upstreamRequestHeaders(
      req.rawHeaders,
      upstreamAuthority,
      context.scheme,
      timeoutMs,
      record.requestId,
    );
    if (upstreamPath !== path) {
      record.originalPath = path;
      // Set, not added: a request rewritten twice (a gateway, then a route) keeps one, the latest.
      const original = { key: "x-envoy-original-path", value: path };
      upstreamHeaders = editHeaders(upstreamHeaders, undefined, [
        { header: original, append_action: "OVERWRITE_IF_EXISTS_OR_ADD" },
      ]);
    }
    const request: UpstreamRequest = {
      method,
      path: upstreamPath,
      headers: editHeaders(
        upstreamHeaders,
        route.config.request_headers_to_remove,
        route.config.request_headers_to_add,
      ),
      body: null,
    };
    const destination = cluster.originalDestination ? (context.originalDestination ?? authority) : undefined;
    const exchange: Exchange = {
      request,
      downstream: req,
      route,
      action,
      cluster,
      ...(destination !== undefined ? { destination } : {}),
      tried: new Set(),
      retries: 0,
      responseFlags: [],
    };
    const start = () => {
      const writer = responseWriter(record, performance.now());
      let finished = false;
      const done = () => {
        if (finished) return;
        finished = true;
        record.upstreamHost = exchange.host?.address;
      };
      const cancel = dispatch(exchange, {
        onHeaders: (status, raw, resume) => {
          record.upstreamHost = exchange.host?.address;
          record.flags = exchange.responseFlags.join(",");
          return writer.onHeaders(status, raw, resume);
        },
        onData: (chunk) => writer.onData(chunk),
        onComplete: (trailers) => {
          done();
          writer.onComplete(trailers);
        },
        onError: (failure, retried) => {
          done();
          // As Envoy's router charges an upstream failure (not a missing host) before the response starts.
          if ((failure.kind === "reset" || failure.kind === "timeout") && !res.headersSent)
            cluster.stats.response(failureReply(failure, retried).status);
          writer.onError(failure, retried);
        },
      });
      res.once("close", () => {
        if (!finished) {
          done();
          cancel();
          record.abandon();
        }
      });
    };
    requestBody(req, {
      ready: (body) => {
        request.body = body;
        start();
      },
      gone: () => record.abandon(),
      idle: () => {
        const { ms, decidedBy } = streamIdleOf(exchange);
        const expired = () => {
          record.stats.rqIdleTimeout.value++;
          sendLocalReply(record, localReplies.streamIdleTimeout(false, decidedBy()));
        };
        return { ms, expired };
      },
    });
  }
}
