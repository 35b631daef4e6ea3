/**
 * Envoy's TLS stats of a listener (`listener.<address>.ssl.`) or a cluster (`cluster.<name>.ssl.`):
 * handshakes, the verification failures by kind, other TLS errors, and the versions and ciphers used.
 */
import type { TLSSocket } from "node:tls";
import type { Counter, Stats } from "../stats.js";

export class SslStats {
  readonly handshake: Counter;
  readonly connectionError: Counter;
  readonly failVerifyError: Counter;
  readonly failVerifySan: Counter;
  readonly failVerifyNoCert: Counter;
  readonly noCertificate: Counter;

  constructor(
    private readonly stats: Stats,
    private readonly prefix: string,
  ) {
    const c = (name: string) => stats.counter(`${prefix}${name}`);
    this.handshake = c("handshake");
    this.connectionError = c("connection_error");
    this.failVerifyError = c("fail_verify_error");
    this.failVerifySan = c("fail_verify_san");
    this.failVerifyNoCert = c("fail_verify_no_cert");
    this.noCertificate = c("no_certificate");
  }

  /** A handshake that passed verification: counted with its version and cipher. */
  negotiated(socket: TLSSocket): void {
    this.handshake.value++;
    const version = socket.getProtocol();
    if (version) this.stats.counter(`${this.prefix}versions.${version}`).value++;
    const cipher = socket.getCipher()?.name;
    if (cipher) this.stats.counter(`${this.prefix}ciphers.${cipher}`).value++;
  }
}
