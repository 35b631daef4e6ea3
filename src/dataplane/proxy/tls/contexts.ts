/**
 * The TLS contexts of a config, loaded before the config applies: certificates, keys and trusted CAs
 * read from their files into Node secure contexts, with what to check of the peer. A context that
 * cannot be loaded (a missing file, a key that does not fit its certificate, a secret only SDS could
 * give) refuses the whole config, as Envoy rejects it, and the proxy keeps running the one it had.
 * Contexts are kept by content, so an update that leaves one as it was keeps its connections.
 */
import { readFileSync } from "node:fs";
import { createSecureContext, type SecureContext, type SecureContextOptions } from "node:tls";
import type { EnvoyConfig } from "../../envoy/config.js";
import type {
  CommonTlsContext,
  DataSource,
  DownstreamTlsContext,
  SubjectAltNameMatcher,
  TransportSocket,
  UpstreamTlsContext,
} from "../../envoy/tls.js";

export interface LoadedTls {
  /** What the context was made of (a TLS server takes these rather than a context). */
  options: SecureContextOptions;
  context: SecureContext;
  /** The peer's certificate must chain to a trusted CA. */
  verifyChain: boolean;
  /** The peer's certificate must carry one of these SANs (none: any). */
  sans: readonly SubjectAltNameMatcher[];
  /** Downstream: a client without a certificate is refused. */
  requireClientCertificate: boolean;
  /** Downstream: the protocols offered in ALPN. */
  alpn: string[] | undefined;
}

/** What listeners and clusters need of their proxy for TLS. */
export interface WithTls {
  readonly tls: TlsContexts;
}

export class TlsConfigError extends Error {
  override readonly name = "TlsConfigError";
}

export class TlsContexts {
  private loaded = new Map<string, LoadedTls>();

  /** Loads every context `config` uses; throws, keeping the contexts it had, when one cannot be. */
  prepare(config: EnvoyConfig): void {
    const next = new Map<string, LoadedTls>();
    const failures: string[] = [];
    const load = (owner: string, socket: TransportSocket | undefined) => {
      if (!socket) return;
      const key = JSON.stringify(socket.typed_config);
      if (next.has(key)) return;
      try {
        next.set(key, this.loaded.get(key) ?? loadTls(socket.typed_config));
      } catch (error) {
        failures.push(`${owner}: ${(error as Error).message}`);
      }
    };
    for (const listener of config.listeners) {
      const contexts = new Set<string>();
      for (const chain of listener.filter_chains) {
        load(`listener ${listener.name}`, chain.transport_socket);
        if (chain.transport_socket) contexts.add(JSON.stringify(chain.transport_socket.typed_config));
      }
      // A chain is chosen per request, once decrypted: the connection cannot yet say which context to use.
      if (contexts.size > 1)
        failures.push(
          `listener ${listener.name}: its filter chains have different TLS contexts; this proxy takes one per listener`,
        );
    }
    for (const cluster of config.clusters) load(`cluster ${cluster.name}`, cluster.transport_socket);
    if (failures.length) throw new TlsConfigError(failures.join("; "));
    this.loaded = next;
  }

  /** A context `prepare` loaded. */
  get(socket: TransportSocket): LoadedTls {
    const loaded = this.loaded.get(JSON.stringify(socket.typed_config));
    if (!loaded) throw new Error("TLS context used before it was prepared");
    return loaded;
  }
}

function loadTls(config: DownstreamTlsContext | UpstreamTlsContext): LoadedTls {
  const common = config.common_tls_context;
  const downstream = config["@type"].endsWith("DownstreamTlsContext");
  const secret =
    common.tls_certificate_sds_secret_configs?.[0] ??
    common.combined_validation_context?.validation_context_sds_secret_config;
  if (secret)
    throw new TlsConfigError(`secret ${secret.name} comes from SDS, and this proxy reads certificates from files only`);
  const [certificate] = common.tls_certificates ?? [];
  const trusted = common.validation_context?.trusted_ca;
  const options: SecureContextOptions = {
    ...(certificate
      ? {
          cert: read(certificate.certificate_chain, "certificate chain"),
          key: read(certificate.private_key, "private key"),
        }
      : {}),
    ...(trusted ? { ca: read(trusted, "trusted CA") } : {}),
    // Envoy's defaults: TLS 1.2 and 1.3 on listeners, at most 1.2 towards upstreams.
    minVersion: "TLSv1.2",
    maxVersion: downstream ? "TLSv1.3" : "TLSv1.2",
  };
  return {
    options,
    context: createContext(common, options),
    verifyChain: trusted !== undefined,
    sans: common.validation_context?.match_typed_subject_alt_names ?? [],
    requireClientCertificate: downstream && (config as DownstreamTlsContext).require_client_certificate === true,
    alpn: common.alpn_protocols,
  };
}

function createContext(common: CommonTlsContext, options: SecureContextOptions): SecureContext {
  try {
    return createSecureContext(options);
  } catch (error) {
    const files = [
      common.tls_certificates?.[0]?.certificate_chain.filename,
      common.tls_certificates?.[0]?.private_key.filename,
      common.validation_context?.trusted_ca?.filename,
    ].filter((file) => file !== undefined);
    throw new TlsConfigError(`cannot use ${files.join(", ")}: ${(error as Error).message}`);
  }
}

function read(source: DataSource, what: string): string {
  if (source.inline_string !== undefined) return source.inline_string;
  try {
    return readFileSync(source.filename ?? "", "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "no such file" : code === "EACCES" ? "permission denied" : (error as Error).message;
    throw new TlsConfigError(`${what} ${source.filename ?? "(no file named)"}: ${why}`);
  }
}
