/**
 * A listener that speaks HTTP: HTTP/1.1 and h2c (prior knowledge, told apart by the connection
 * preface) on one socket. Each request picks its filter chain (see filter-chains.ts) by its authority,
 * or its absolute URI when the application uses the listener as its HTTP proxy. Requests the HTTP
 * parser refuses get Envoy's 400. When chains carry TLS, connections are decrypted first (see
 * tls/downstream.ts) and their requests pick among those chains, HTTP/2 by ALPN or by preface.
 */

import { createServer as createHttp1Server, type IncomingMessage, type ServerResponse } from "node:http";
import { createServer as createHttp2Server, type Http2ServerRequest, type Http2ServerResponse } from "node:http2";
import type { Server, Socket } from "node:net";
import type { TLSSocket } from "node:tls";
import { hostPort } from "../envoy/common.js";
import type { FilterChain, Listener } from "../envoy/listener.js";
import { HTTP_CONNECTION_MANAGER } from "../envoy/listener.js";
import { meshObjectOf, ORIGINAL_DESTINATION } from "../envoy/mesh-object.js";
import { closeWithin } from "./close-within.js";
import { ExchangeRecord, sendLocalReply } from "./downstream.js";
import { type PortChain, selectChain } from "./filter-chains.js";
import { HttpConnectionManagerRuntime, type ProxyContext } from "./http-connection-manager.js";
import { localReplies } from "./local-reply.js";
import { replaying } from "./replaying.js";
import type { Counter, Gauge } from "./stats.js";
import type { WithTls } from "./tls/contexts.js";
import { DownstreamTls } from "./tls/downstream.js";
import { refuseTunnel } from "./tunnels.js";

const PREFACE = Buffer.from("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");
/** Idle downstream connections live this long (Envoy's HTTP idle_timeout default: one hour). */
const IDLE_MS = 3_600_000;

/** The HTTP/1.1 and HTTP/2 servers that parse one kind of connection (plaintext, or decrypted TLS). */
interface HttpServers {
  h1: ReturnType<typeof createHttp1Server>;
  h2: ReturnType<typeof createHttp2Server>;
}

export class HttpListener {
  private chains: PortChain<HttpConnectionManagerRuntime>[] = [];
  /** The chains of connections that came over TLS. */
  private secureChains: PortChain<HttpConnectionManagerRuntime>[] = [];
  private fallback: HttpConnectionManagerRuntime | undefined;
  private originalDestination: string | undefined;
  private refusal = "";
  private readonly plain: HttpServers;
  private secure: HttpServers | undefined;
  /** TLS termination, when some chain has a transport socket. */
  private tls: DownstreamTls | undefined;
  private readonly sockets = new Set<Socket>();
  private readonly cxTotal: Counter;
  private readonly cxActive: Gauge;
  private readonly statPrefix: string;
  private draining = false;

  constructor(
    public config: Listener,
    private readonly server: Server,
    private readonly proxy: ProxyContext & WithTls,
  ) {
    const address = config.address.socket_address;
    this.statPrefix = `listener.${address.address}_${address.port_value}.`;
    this.cxTotal = proxy.stats.counter(`${this.statPrefix}downstream_cx_total`);
    this.cxActive = proxy.stats.gauge(`${this.statPrefix}downstream_cx_active`);
    this.plain = this.servers(false);
    this.update(config);
    server.on("connection", (socket: Socket) => this.accept(socket));
  }

  /** A new config for the same address: the next request on any connection uses it. */
  update(config: Listener): void {
    this.config = config;
    const managerOf = (chain: FilterChain) => {
      const filter = chain.filters.find((f) => f.name === HTTP_CONNECTION_MANAGER);
      return filter?.name === HTTP_CONNECTION_MANAGER
        ? new HttpConnectionManagerRuntime(filter.typed_config, this.proxy)
        : undefined;
    };
    const entries = config.filter_chains.flatMap((chain) => {
      const manager = managerOf(chain);
      return manager
        ? [{ port: chain.filter_chain_match?.destination_port, chain: manager, tls: !!chain.transport_socket }]
        : [];
    });
    this.chains = entries.filter((entry) => !entry.tls);
    this.secureChains = entries.filter((entry) => entry.tls);
    this.fallback = config.default_filter_chain ? managerOf(config.default_filter_chain) : undefined;
    this.updateTls(config);
    const original = config.metadata?.filter_metadata[ORIGINAL_DESTINATION] as
      | { address: string; port_value: number }
      | undefined;
    this.originalDestination = original ? hostPort(original) : undefined;
    const mesh = meshObjectOf(config.metadata);
    this.refusal = mesh ? `${mesh.object} (${mesh.reason ?? "no filter chain"})` : config.name;
  }

  /** Stops taking connections and lets those open finish their requests, closing idle ones now. */
  async drain(graceMs: number): Promise<void> {
    this.draining = true;
    const closed = closeWithin(this.server, this.sockets, graceMs);
    this.plain.h1.closeIdleConnections();
    this.secure?.h1.closeIdleConnections();
    // Under TLS the socket is not the one HTTP serves: only the servers know which are idle.
    if (!this.tls)
      for (const socket of this.sockets) if (!(socket as { _httpMessage?: unknown })._httpMessage) socket.end();
    await closed;
  }

  /** The chains' TLS, and the servers for what it decrypts. */
  private updateTls(config: Listener): void {
    this.tls = DownstreamTls.forListener(config, this.tls, this.proxy, this.statPrefix, (stream, secure) =>
      this.serve(stream, secure),
    );
    if (this.tls) this.secure ??= this.servers(true);
  }

  /** The servers for one kind of connection; `secure` ones carry decrypted TLS. */
  private servers(secure: boolean): HttpServers {
    const h1 = createHttp1Server({ keepAliveTimeout: IDLE_MS, requestTimeout: 0 });
    const h2 = createHttp2Server();
    const scheme = secure ? ("https" as const) : ("http" as const);
    // The request's error boundary: a failure here is this request's alone, never the process's.
    const onRequest = (req: IncomingMessage | Http2ServerRequest, res: ServerResponse | Http2ServerResponse) => {
      try {
        this.request(req, res, secure);
      } catch (error) {
        this.proxy.log(
          `proxy: request ${req.method} ${req.url} on ${this.config.name} failed: ${(error as Error).stack}`,
        );
        if (res.headersSent) res.destroy();
        else {
          res.writeHead(500, { "content-length": "0", server: "envoy" });
          res.end();
        }
      }
    };
    h1.on("request", onRequest);
    h2.on("request", onRequest);
    h1.on("clientError", (error: NodeJS.ErrnoException, socket: Socket) => clientError(error, socket));
    h1.on("upgrade", (req: IncomingMessage, socket: Socket, head: Buffer) => {
      socket.on("error", () => {});
      const { authority, path } = target(req);
      const manager = this.managerFor(authority, secure);
      const context = { originalDestination: this.originalDestination, scheme };
      if (manager) manager.upgrade(req, socket, head, authority, path, context);
      else refuseTunnel(socket, this.refusal);
    });
    h1.on("connect", (req: IncomingMessage, socket: Socket, head: Buffer) => {
      const authority = req.url ?? "";
      const manager = this.managerFor(authority, secure);
      if (manager) manager.tunnel(req, socket, head, authority);
      else refuseTunnel(socket, this.refusal);
    });
    h2.on("sessionError", () => {});
    return { h1, h2 };
  }

  private accept(socket: Socket): void {
    if (this.draining) {
      socket.destroy();
      return;
    }
    this.cxTotal.value++;
    this.cxActive.value++;
    this.sockets.add(socket);
    socket.once("close", () => {
      this.cxActive.value--;
      this.sockets.delete(socket);
    });
    socket.on("error", () => {});
    if (this.tls) this.tls.accept(socket);
    else this.serve(socket, false);
  }

  /** Hands a connection (or its decrypted stream) to HTTP/1.1 or HTTP/2. */
  private serve(socket: Socket, secure: boolean): void {
    const { h1, h2 } = secure ? (this.secure as HttpServers) : this.plain;
    if (secure && (socket as TLSSocket).alpnProtocol === "h2") {
      h2.emit("connection", socket);
      return;
    }
    sniff(socket, (http2, buffered) => {
      if (!http2) {
        socket.pause();
        socket.unshift(buffered);
        h1.emit("connection", socket);
        socket.resume();
      } else {
        // HTTP/2 sessions read from the socket's handle: hand them a stream that replays what was read.
        h2.emit("connection", replaying(socket, buffered));
      }
    });
  }

  private request(
    req: IncomingMessage | Http2ServerRequest,
    res: ServerResponse | Http2ServerResponse,
    secure: boolean,
  ): void {
    const { authority, path } = target(req);
    if (this.draining && !("stream" in res)) res.setHeader("connection", "close");
    const manager = this.managerFor(authority, secure);
    if (!manager) {
      const record = new ExchangeRecord(req, res, NO_CHAIN_STATS, []);
      record.path = path;
      sendLocalReply(record, localReplies.noRoute(this.refusal));
      return;
    }
    manager.handle(req, res, authority, path, {
      originalDestination: this.originalDestination,
      scheme: secure ? "https" : "http",
    });
  }

  private managerFor(authority: string, secure: boolean): HttpConnectionManagerRuntime | undefined {
    return selectChain(secure ? this.secureChains : this.chains, this.fallback, authority, (manager) =>
      manager.routeTable(),
    );
  }

  close(): void {
    this.server.close();
    for (const socket of this.sockets) socket.destroy();
  }
}

/** Where a request goes: its authority and origin-form path (from an absolute URI when the application uses the listener as its HTTP proxy). */
function target(req: IncomingMessage | Http2ServerRequest): { authority: string; path: string } {
  const url = req.url ?? "/";
  if (url.startsWith("/"))
    return { authority: (req.headers[":authority"] as string | undefined) ?? req.headers.host ?? "", path: url };
  const absolute = /^[a-z][a-z0-9+.-]*:\/\/([^/?#]*)(.*)$/i.exec(url);
  return { authority: absolute?.[1] ?? "", path: absolute?.[2] || "/" };
}

/** Stats of requests no filter chain takes: counted nowhere, as in Envoy. */
const NO_CHAIN_STATS = {
  rqTotal: { value: 0 },
  rqActive: { value: 0 },
  rqCompleted: { value: 0 },
  rqByClass: [],
  rqTime: { record() {} },
  noRoute: { value: 0 },
  noCluster: { value: 0 },
} as unknown as ConstructorParameters<typeof ExchangeRecord>[2];

/** Reads until the bytes can or cannot be the HTTP/2 preface, then calls `decide` with what was read. */
function sniff(socket: Socket, decide: (http2: boolean, buffered: Buffer) => void): void {
  let buffered: Buffer = Buffer.alloc(0);
  const onData = (chunk: Buffer) => {
    buffered = buffered.length ? Buffer.concat([buffered, chunk]) : chunk;
    const n = Math.min(buffered.length, PREFACE.length);
    const prefix = buffered.subarray(0, n).equals(PREFACE.subarray(0, n));
    if (prefix && n < PREFACE.length) return;
    socket.off("data", onData);
    decide(prefix, buffered);
  };
  socket.on("data", onData);
}

/** A request the HTTP parser refused: Envoy's 400 (DPE) and the connection closed. */
function clientError(error: NodeJS.ErrnoException, socket: Socket): void {
  if (!socket.writable || error.code === "ECONNRESET") {
    socket.destroy();
    return;
  }
  const status = error.code === "HPE_HEADER_OVERFLOW" ? "431 Request Header Fields Too Large" : "400 Bad Request";
  const body = status.slice(4);
  socket.end(
    `HTTP/1.1 ${status}\r\ncontent-length: ${body.length}\r\ncontent-type: text/plain\r\ndate: ${new Date().toUTCString()}\r\nserver: envoy\r\nconnection: close\r\n\r\n${body}`,
  );
}
