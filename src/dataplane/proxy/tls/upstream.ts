/**
 * TLS towards a cluster's hosts, as Envoy originates it from an UpstreamTlsContext: the handshake is
 * part of connecting (the connect timeout covers it), the server's certificate is checked (chain,
 * then SANs), and a failure is a connect failure whose transport failure reason is Envoy's TLS error
 * text, so the caller gets `503 UF … transport failure reason: TLS_error:|…:TLS_error_end`.
 */
import { connect, type TLSSocket } from "node:tls";
import type { LoadedTls } from "./contexts.js";
import { CERTIFICATE_VERIFY_FAILED, failureReason, isTlsError } from "./failure-reason.js";
import { checkPeer } from "./peer.js";
import type { SslStats } from "./ssl-stats.js";

export interface UpstreamTls {
  loaded: LoadedTls;
  stats: SslStats;
}

/** A connection that failed in its TLS layer; `reason` is Envoy's transport failure reason. */
export class TransportFailure extends Error {
  readonly code = "TRANSPORT_FAILURE";
  constructor(readonly reason: string) {
    super(`TLS failure: ${reason}`);
  }
}

/**
 * Connects to `host:port` and completes the handshake; `done` runs once, with the verified socket or
 * with why there is none (a TransportFailure, or the socket's own error such as ECONNREFUSED).
 */
export function connectTls(
  tls: UpstreamTls,
  host: string,
  port: number,
  alpn: string[] | undefined,
  timeoutMs: number,
  done: (error: Error | null, socket: TLSSocket) => void,
): TLSSocket {
  const socket = connect({
    host,
    port,
    secureContext: tls.loaded.context,
    ...(alpn ? { ALPNProtocols: alpn } : {}),
    // Verification is the proxy's own (checkPeer), so that each failure is counted as Envoy counts it.
    rejectUnauthorized: false,
    checkServerIdentity: () => undefined,
  });
  socket.setNoDelay(true);
  let settled = false;
  const settle = (error: Error | null) => {
    if (settled) return;
    settled = true;
    clearTimeout(timer);
    if (error) socket.destroy();
    done(error, socket);
  };
  const timer = setTimeout(() => settle(Object.assign(new Error("connect timeout"), { code: "ETIMEDOUT" })), timeoutMs);
  socket.once("secureConnect", () => {
    const failure = checkPeer(socket, tls.loaded);
    if (failure === undefined) {
      tls.stats.negotiated(socket);
      settle(null);
      return;
    }
    (failure === "san" ? tls.stats.failVerifySan : tls.stats.failVerifyError).value++;
    settle(new TransportFailure(CERTIFICATE_VERIFY_FAILED));
  });
  socket.on("error", (error) => {
    if (settled) return;
    if (!isTlsError(error)) return settle(error);
    tls.stats.connectionError.value++;
    settle(new TransportFailure(failureReason(error)));
  });
  return socket;
}
