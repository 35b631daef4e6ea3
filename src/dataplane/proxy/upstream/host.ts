/**
 * One upstream host of a cluster: a pooled, keep-alive connection set (undici's Pool; h2c when the
 * cluster speaks HTTP/2; over TLS, with HTTP/2 by ALPN, when the cluster originates it), its per-host
 * counters as `/clusters` shows them, and the translation of connection errors into Envoy's reset
 * reasons.
 */

import { connect, type Socket } from "node:net";
import type { buildConnector, Dispatcher } from "undici";
import { Pool } from "undici";
import { splitHostPort } from "../../envoy/common.js";
import { RESETS, type ResetReason } from "../local-reply.js";
import { connectTls, type TransportFailure, type UpstreamTls } from "../tls/upstream.js";
import type { Cancel, ResponseHandler, UpstreamRequest } from "./attempt.js";
import { HostHealth } from "./host-health.js";

export interface HostOptions {
  /** "ip:port" (or "host:port" for a passthrough by authority). */
  address: string;
  http2: boolean;
  connectTimeoutMs: number;
  /** Connection limit (circuit breakers' max_connections); null for none. */
  maxConnections: number | null;
  /** The cluster's TLS, when it originates TLS. */
  tls?: UpstreamTls;
  onConnect?: () => void;
  onDisconnect?: () => void;
  onConnectFail?: () => void;
  /** A request is given a connection (Envoy's upstream request: not while it waits for one). */
  onStreamStart?: () => void;
  /** That request is over. */
  onStreamEnd?: () => void;
}

/** Per-host counters, named as in `/clusters`. */
export class HostStats {
  cx_active = 0;
  cx_connect_fail = 0;
  cx_total = 0;
  rq_active = 0;
  rq_error = 0;
  rq_success = 0;
  rq_timeout = 0;
  rq_total = 0;
}

export class UpstreamHost {
  readonly stats = new HostStats();
  readonly health = new HostHealth();
  private readonly pool: Pool;

  constructor(readonly options: HostOptions) {
    const tls = options.tls;
    this.pool = new Pool(`${tls ? "https" : "http"}://${options.address}`, {
      connections: options.maxConnections,
      pipelining: 1,
      keepAliveTimeout: 60_000,
      keepAliveMaxTimeout: 600_000,
      headersTimeout: 0,
      bodyTimeout: 0,
      connectTimeout: options.connectTimeoutMs,
      // h2c with prior knowledge, many streams per connection (Pool passes useH2c on only inside `connect`).
      ...(options.http2
        ? { allowH2: true, pipelining: 100, connect: { useH2c: true } as Pool.Options["connect"] }
        : {}),
      ...(tls ? { connect: tlsConnector(tls, options.http2, options.connectTimeoutMs) } : {}),
    });
    this.pool.on("connect", () => {
      this.stats.cx_total++;
      this.stats.cx_active++;
      options.onConnect?.();
    });
    this.pool.on("disconnect", () => {
      this.stats.cx_active--;
      options.onDisconnect?.();
    });
    this.pool.on("connectionError", () => {
      this.stats.cx_connect_fail++;
      options.onConnectFail?.();
    });
  }

  get address(): string {
    return this.options.address;
  }

  get tls(): UpstreamTls | undefined {
    return this.options.tls;
  }

  /**
   * A connection of its own to this host (TCP proxying, tunnels), over TLS when the cluster originates
   * it: `ready` once it can carry bytes, `failed` if it never will.
   */
  openSocket(ready: () => void, failed: (error: Error) => void): Socket {
    const { host, port } = splitHostPort(this.address);
    const tls = this.options.tls;
    if (tls)
      return connectTls(tls, host, port, undefined, this.options.connectTimeoutMs, (error) =>
        error ? failed(error) : ready(),
      );
    const socket = connect({ host, port, noDelay: true });
    socket.once("connect", ready);
    socket.on("error", (error) => {
      if (socket.connecting) failed(error);
    });
    return socket;
  }

  dispatch(request: UpstreamRequest, handler: ResponseHandler): Cancel {
    const stats = this.stats;
    stats.rq_total++;
    stats.rq_active++;
    const options = this.options;
    let abort: ((error?: Error) => void) | undefined;
    let cancelled = false;
    let done = false;
    const finish = (ok: boolean) => {
      if (done) return;
      done = true;
      stats.rq_active--;
      if (ok) stats.rq_success++;
      else stats.rq_error++;
      if (abort) options.onStreamEnd?.();
    };
    const undiciHandler: Dispatcher.DispatchHandler = {
      // undici calls this as it writes the request on a connection.
      onConnect(abortAttempt) {
        if (cancelled) abortAttempt(new Error("cancelled"));
        else if (!abort) {
          abort = abortAttempt;
          options.onStreamStart?.();
        }
      },
      onHeaders(status, rawHeaders, resume) {
        if (cancelled) return false;
        const headers = new Array<string>(rawHeaders.length);
        for (let i = 0; i < rawHeaders.length; i++) headers[i] = (rawHeaders[i] as Buffer).toString("latin1");
        return handler.onHeaders(status, headers, resume);
      },
      onData(chunk) {
        return cancelled ? true : handler.onData(chunk);
      },
      onComplete(trailers) {
        finish(true);
        if (!cancelled) handler.onComplete(flatTrailers(trailers));
      },
      onError(error) {
        finish(false);
        if (!cancelled) handler.onError({ kind: "reset", reset: resetOf(error), decidedBy: "" }, false);
      },
    };
    this.pool.dispatch(
      {
        path: request.path,
        method: request.method as Dispatcher.HttpMethod,
        headers: request.headers,
        body: request.body?.forAttempt() ?? null,
      },
      undiciHandler,
    );
    return () => {
      if (cancelled) return;
      cancelled = true;
      finish(false);
      abort?.(new Error("cancelled"));
    };
  }

  /** Finishes what is in flight, then closes the connections. */
  close(): Promise<void> {
    return this.pool.close();
  }

  destroy(): Promise<void> {
    return this.pool.destroy();
  }
}

/** Trailers as flat name/value pairs: undici gives HTTP/1 ones as a raw list, HTTP/2 ones as an object. */
function flatTrailers(trailers: unknown): string[] | null {
  if (trailers === null || trailers === undefined) return null;
  if (Array.isArray(trailers)) return trailers.map(String);
  return Object.entries(trailers as Record<string, string | string[]>).flatMap(([name, value]) =>
    (Array.isArray(value) ? value : [value]).flatMap((v) => [name, v]),
  );
}

/** undici's way to open the pool's connections when the cluster originates TLS: HTTP/2 asked for by ALPN. */
function tlsConnector(tls: UpstreamTls, http2: boolean, timeoutMs: number): buildConnector.connector {
  return ({ hostname, port }, callback) => {
    connectTls(tls, hostname, Number(port), http2 ? ["h2"] : ["http/1.1"], timeoutMs, (error, socket) =>
      error ? callback(error, null) : callback(null, socket),
    );
  };
}

/** An undici or socket error as Envoy's reset reason. */
export function resetOf(error: Error): ResetReason {
  const code = (error as { code?: string }).code ?? (error.cause as { code?: string } | undefined)?.code;
  switch (code) {
    case "TRANSPORT_FAILURE":
      return RESETS.connectFailure((error as TransportFailure).reason);
    case "ECONNREFUSED":
      return RESETS.connectionRefused;
    case "UND_ERR_CONNECT_TIMEOUT":
    case "ETIMEDOUT":
      return RESETS.connectTimeout;
    case "EHOSTUNREACH":
    case "ENETUNREACH":
    case "EADDRNOTAVAIL":
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return RESETS.connectFailure(`delayed connect error: ${code}`);
    case "UND_ERR_SOCKET":
    case "ECONNRESET":
    case "EPIPE":
      return RESETS.termination;
    case "ERR_HTTP2_STREAM_ERROR":
      // An HTTP/2 upstream reset the stream: REFUSED_STREAM is the one reset Envoy names (and retries as refused-stream).
      return /\bNGHTTP2_REFUSED_STREAM\b/.test(error.message) ? RESETS.refusedStream : RESETS.remoteReset;
    case "UND_ERR_INFO":
    case "HPE_INVALID_CONSTANT":
      return RESETS.protocolError;
    default:
      return code?.startsWith("HPE_") ? RESETS.protocolError : RESETS.termination;
  }
}
