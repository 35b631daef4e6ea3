/**
 * One downstream request's answer: the upstream response streamed back with Envoy's headers, or a
 * local reply from the catalogue, then the stats and the access log. It is the terminal handler of
 * the request path (see interceptors/).
 */
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Http2ServerRequest, Http2ServerResponse } from "node:http2";
import type { AccessLogger, AccessRecord } from "./access-log.js";
import { downstreamResponseHeaders, httpDate, rawHeader } from "./headers.js";
import { DECIDED_BY_HEADER, type LocalReply, localReplies } from "./local-reply.js";
import type { Counter, Gauge, Histogram } from "./stats.js";
import type { Failure, ResponseHandler } from "./upstream/attempt.js";
import type { ClusterRuntime } from "./upstream/cluster.js";

export type DownstreamRequest = IncomingMessage | Http2ServerRequest;
export type DownstreamResponse = ServerResponse | Http2ServerResponse;

/** A connection manager's stats (`http.<stat_prefix>.…`). */
export interface HttpStats {
  rqTotal: Counter;
  rqActive: Gauge;
  rqCompleted: Counter;
  rqByClass: Counter[];
  rqTime: Histogram;
  rqIdleTimeout: Counter;
  noRoute: Counter;
  noCluster: Counter;
}

/** What the access log and the stats need to know about one exchange, filled in as it goes. */
export class ExchangeRecord {
  readonly startMs = Date.now();
  readonly start = performance.now();
  path = "";
  originalPath: string | undefined;
  flags = "";
  details = "via_upstream";
  decidedBy: string | undefined;
  localReplyBody: string | undefined;
  upstreamHost: string | undefined;
  cluster: ClusterRuntime | undefined;
  routeName: string | undefined;
  responseHeaders: string[] = [];
  bytesSent = 0;
  /** The request's x-request-id, or the one Envoy makes for a request without one. */
  readonly requestId: string;
  private finished = false;

  constructor(
    readonly req: DownstreamRequest,
    readonly res: DownstreamResponse,
    readonly stats: HttpStats,
    readonly loggers: readonly AccessLogger[],
  ) {
    stats.rqTotal.value++;
    stats.rqActive.value++;
    const given = req.headers["x-request-id"];
    this.requestId = typeof given === "string" && given ? given : randomUUID();
  }

  /** Stats and access log, once the response is written (or abandoned); once per exchange. */
  finish(status: number): void {
    if (this.finished) return;
    this.finished = true;
    const stats = this.stats;
    stats.rqActive.value--;
    stats.rqCompleted.value++;
    const byClass = stats.rqByClass[Math.floor(status / 100) - 1];
    if (byClass) byClass.value++;
    const durationMs = performance.now() - this.start;
    stats.rqTime.record(durationMs);
    if (this.loggers.length === 0) return;
    const { req } = this;
    const record: AccessRecord = {
      startMs: this.startMs,
      method: req.method ?? "",
      path: this.path,
      ...(this.originalPath !== undefined ? { originalPath: this.originalPath } : {}),
      protocol: req.httpVersion === "2.0" ? "HTTP/2" : `HTTP/${req.httpVersion}`,
      status,
      flags: this.flags,
      details: this.details,
      bytesReceived: Number(req.headers["content-length"] ?? 0),
      bytesSent: this.bytesSent,
      durationMs,
      ...(this.upstreamHost !== undefined ? { upstreamHost: this.upstreamHost } : {}),
      ...(this.cluster ? { upstreamCluster: this.cluster.config.name } : {}),
      ...(this.routeName !== undefined ? { routeName: this.routeName } : {}),
      ...(this.localReplyBody !== undefined ? { localReplyBody: this.localReplyBody } : {}),
      ...(this.decidedBy !== undefined ? { decidedBy: this.decidedBy } : {}),
      ...(req.socket?.remoteAddress
        ? { downstreamRemote: `${req.socket.remoteAddress}:${req.socket.remotePort}` }
        : {}),
      requestHeader: (name) => {
        if (name === "x-request-id") return this.requestId;
        const value = req.headers[name];
        return Array.isArray(value) ? value.join(",") : value;
      },
      responseHeader: (name) => rawHeader(this.responseHeaders, name),
    };
    for (const logger of this.loggers) logger.log(record);
  }

  /**
   * The downstream went away before the response was whole: Envoy's DC, logged with the status sent so
   * far (0 when none was).
   */
  abandon(): void {
    if (this.finished) return;
    this.flags = this.flags ? `${this.flags},DC` : "DC";
    this.details = "downstream_remote_disconnect";
    this.finish(this.res.headersSent ? this.res.statusCode : 0);
  }
}

/** Envoy's mapping of a local reply's HTTP status to a gRPC status (Grpc::Utility::httpToGrpcStatus). */
function grpcStatusOf(status: number): number {
  switch (status) {
    case 400:
      return 13;
    case 401:
      return 16;
    case 403:
      return 7;
    case 404:
      return 12;
    case 429:
    case 502:
    case 503:
    case 504:
      return 14;
    default:
      return 2;
  }
}

/** gRPC's percent-encoding of grpc-message: printable ASCII stays, `%` and everything else is escaped. */
function grpcMessage(text: string): string {
  let out = "";
  for (const byte of Buffer.from(text)) {
    out +=
      byte >= 0x20 && byte <= 0x7e && byte !== 0x25
        ? String.fromCharCode(byte)
        : `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}

function isGrpc(req: DownstreamRequest): boolean {
  return (req.headers["content-type"] ?? "").startsWith("application/grpc");
}

/**
 * Sends one of the catalogue's replies, naming the mesh object that decided it. A gRPC request gets it
 * as Envoy gives it: a trailers-only 200 with grpc-status and grpc-message.
 */
export function sendLocalReply(record: ExchangeRecord, reply: LocalReply): void {
  const { res } = record;
  record.flags = reply.flags;
  record.details = reply.details;
  record.decidedBy = reply.decidedBy;
  record.localReplyBody = reply.body;
  if (res.headersSent || res.writableEnded) {
    // The response already started: all Envoy can do is cut it short.
    res.destroy();
    record.finish(res.statusCode);
    return;
  }
  const grpc = isGrpc(record.req);
  const body = grpc ? "" : reply.body;
  const headers: string[] = grpc
    ? [
        "content-type",
        "application/grpc",
        "grpc-status",
        String(grpcStatusOf(reply.status)),
        "grpc-message",
        grpcMessage(reply.body),
      ]
    : ["content-length", String(Buffer.byteLength(body))];
  if (!grpc && body) headers.push("content-type", "text/plain");
  if (reply.overloaded) headers.push("x-envoy-overloaded", "true");
  headers.push("date", httpDate(), "server", "envoy");
  if (reply.decidedBy) headers.push(DECIDED_BY_HEADER, reply.decidedBy);
  record.responseHeaders = headers;
  record.bytesSent = Buffer.byteLength(body);
  const status = grpc ? 200 : reply.status;
  if (grpc && "stream" in res) {
    // Trailers-only: one HEADERS frame that ends the stream, as gRPC clients require.
    res.stream.respond({ ":status": status, ...headerObject(headers) }, { endStream: true });
  } else {
    writeHead(res, status, headers);
    res.end(body);
  }
  record.finish(status);
}

/**
 * Writes the status and headers exactly as given. HTTP/1 gets no `Connection` / `Keep-Alive` of Node's
 * (keep-alive is HTTP/1.1's default; Envoy sends neither) and no second `Date`.
 */
function writeHead(res: DownstreamResponse, status: number, headers: string[]): void {
  res.sendDate = false;
  if ("stream" in res) {
    res.writeHead(status, headerObject(headers));
  } else {
    if (!res.hasHeader("connection")) res.removeHeader("connection");
    res.writeHead(status, headers);
  }
}

/** Flat header pairs as HTTP/2 takes them: an object, repeated names as lists. */
function headerObject(headers: string[]): Record<string, string | string[]> {
  const object: Record<string, string | string[]> = {};
  for (let i = 0; i < headers.length; i += 2) {
    const name = (headers[i] as string).toLowerCase();
    const existing = object[name];
    const value = headers[i + 1] as string;
    object[name] = existing === undefined ? value : [...(Array.isArray(existing) ? existing : [existing]), value];
  }
  return object;
}

/** The failure of the whole exchange as Envoy's local reply. */
export function failureReply(failure: Failure, retried: boolean): LocalReply {
  switch (failure.kind) {
    case "no-healthy-upstream":
      return localReplies.noHealthyUpstream(failure.decidedBy);
    case "timeout":
      return localReplies.upstreamTimeout(failure.perTry, retried, failure.decidedBy);
    case "idle-timeout":
      return localReplies.streamIdleTimeout(failure.requestComplete, failure.decidedBy);
    case "reset":
      return localReplies.upstreamReset(failure.reset, retried, failure.decidedBy);
  }
}

/**
 * The terminal handler: upstream responses stream to the downstream, failures become local replies. A
 * gRPC response whose headers carry grpc-status is trailers-only (gRPC's form for a status with no
 * message): it goes out as one HEADERS frame that ends the stream, as Envoy forwards it, since gRPC
 * clients read a status only from a frame that ends the stream.
 */
export function responseWriter(record: ExchangeRecord, startedUpstream: number): ResponseHandler {
  const { res } = record;
  let status = 0;
  let trailersOnly = false;
  return {
    onHeaders(code, raw, resume) {
      status = code;
      const cluster = record.cluster;
      cluster?.stats.response(code);
      cluster?.stats.rqTime.record(performance.now() - startedUpstream);
      const headers = downstreamResponseHeaders(raw, Math.round(performance.now() - startedUpstream));
      record.responseHeaders = headers;
      if ("stream" in res && rawHeader(raw, "grpc-status") !== undefined) {
        trailersOnly = true;
        res.stream.respond({ ":status": code, ...headerObject(headers) }, { endStream: true });
        return true;
      }
      writeHead(res, code, headers);
      res.on("drain", resume);
      return true;
    },
    onData(chunk) {
      if (trailersOnly) return true;
      record.bytesSent += chunk.length;
      return (res as ServerResponse).write(chunk);
    },
    onComplete(trailers) {
      if (!trailersOnly) {
        if (trailers?.length && "addTrailers" in res) {
          const object: Record<string, string> = {};
          for (let i = 0; i < trailers.length; i += 2) object[trailers[i] as string] = trailers[i + 1] as string;
          res.addTrailers(object);
        }
        res.end();
      }
      record.finish(status);
    },
    onError(failure, retried) {
      if (failure.kind === "idle-timeout") record.stats.rqIdleTimeout.value++;
      sendLocalReply(record, failureReply(failure, retried));
    },
  };
}
