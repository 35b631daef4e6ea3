/**
 * TLS on a listener, as Envoy terminates it with a DownstreamTlsContext: each accepted connection is
 * handed to a TLS server; once the handshake is done the client's certificate is checked (when the
 * context asks for one) and the connection goes on, decrypted, or is closed. With the tls_inspector
 * (PERMISSIVE), the first byte tells a TLS ClientHello from plaintext, which goes on as it came.
 *
 * Node checks a client certificate only after the handshake, so a refused client sees its connection
 * closed (the caller's `connection termination`) where Envoy's client saw a TLS alert; the listener's
 * `ssl.fail_verify_*` stats say why either way.
 */
import type { Socket } from "node:net";
import { createServer, type Server, type TLSSocket } from "node:tls";
import type { Listener } from "../../envoy/listener.js";
import { TLS_INSPECTOR } from "../../envoy/tls.js";
import { replaying } from "../replaying.js";
import type { Counter, Stats } from "../stats.js";
import type { LoadedTls, TlsContexts } from "./contexts.js";
import { failureReason, isTlsError } from "./failure-reason.js";
import { checkPeer } from "./peer.js";
import { SslStats } from "./ssl-stats.js";

/** The first byte of a TLS record carrying a handshake message (the ClientHello). */
const HANDSHAKE_RECORD = 0x16;

export type Served = (stream: Socket, secure: boolean) => void;

export class DownstreamTls {
  /**
   * A listener's TLS for its (new) config: none when its chains carry no transport socket, `current`
   * when that is still right (its connections keep going), else a new one. One context per listener:
   * the chain is chosen per request, after decryption.
   */
  static forListener(
    config: Listener,
    current: DownstreamTls | undefined,
    proxy: { tls: TlsContexts; stats: Stats },
    statPrefix: string,
    serve: Served,
  ): DownstreamTls | undefined {
    const socket = config.filter_chains.find((chain) => chain.transport_socket)?.transport_socket;
    if (!socket) return undefined;
    const loaded = proxy.tls.get(socket);
    const inspect = config.listener_filters?.some((filter) => filter.name === TLS_INSPECTOR.name) === true;
    if (current?.tls === loaded && current.inspect === inspect) return current;
    return new DownstreamTls(loaded, inspect, proxy.stats, statPrefix, serve);
  }

  private readonly server: Server;
  private readonly stats: SslStats;
  private readonly tlsFound: Counter;
  private readonly tlsNotFound: Counter;

  /** `inspect`: plaintext is served too (tls_inspector). `serve` takes each connection that goes on. */
  constructor(
    readonly tls: LoadedTls,
    readonly inspect: boolean,
    stats: Stats,
    statPrefix: string,
    private readonly serve: Served,
  ) {
    this.stats = new SslStats(stats, `${statPrefix}ssl.`);
    this.tlsFound = stats.counter("tls_inspector.tls_found");
    this.tlsNotFound = stats.counter("tls_inspector.tls_not_found");
    this.server = createServer({
      ...tls.options,
      requestCert: tls.requireClientCertificate || tls.verifyChain || tls.sans.length > 0,
      // Refusals are the proxy's own (checkPeer), so that each is counted as Envoy counts it.
      rejectUnauthorized: false,
      ...(tls.alpn ? { ALPNProtocols: tls.alpn } : {}),
    });
    this.server.on("secureConnection", (socket: TLSSocket) => this.secured(socket));
    this.server.on("tlsClientError", (error: Error, socket: TLSSocket) => {
      if (isTlsError(error) && failureReason(error).includes(":PEER_DID_NOT_RETURN_A_CERTIFICATE:"))
        this.stats.failVerifyNoCert.value++;
      else this.stats.connectionError.value++;
      socket.destroy();
    });
  }

  accept(socket: Socket): void {
    if (!this.inspect) {
      this.server.emit("connection", socket);
      return;
    }
    socket.once("data", (first: Buffer) => {
      socket.pause();
      if (first[0] === HANDSHAKE_RECORD) {
        this.tlsFound.value++;
        this.server.emit("connection", replaying(socket, first));
      } else {
        this.tlsNotFound.value++;
        socket.unshift(first);
        this.serve(socket, false);
        socket.resume();
      }
    });
  }

  private secured(socket: TLSSocket): void {
    socket.on("error", () => {});
    const failure = checkPeer(socket, this.tls);
    if (failure === undefined) {
      if (!socket.getPeerCertificate().raw) this.stats.noCertificate.value++;
      this.stats.negotiated(socket);
      this.serve(socket, true);
      return;
    }
    const counter =
      failure === "no-certificate"
        ? this.stats.failVerifyNoCert
        : failure === "san"
          ? this.stats.failVerifySan
          : this.stats.failVerifyError;
    counter.value++;
    socket.destroy();
  }
}
