/** envoy.config.core.v3.TransportSocket: TLS on listeners (downstream) and clusters (upstream). */
import type { AdsConfigSource, TypedExtension } from "./common.js";

export const TLS_TRANSPORT_SOCKET = "envoy.transport_sockets.tls";

export interface TransportSocket {
  name: typeof TLS_TRANSPORT_SOCKET;
  typed_config: DownstreamTlsContext | UpstreamTlsContext;
}

export interface DataSource {
  filename?: string;
  inline_string?: string;
}

export interface TlsCertificate {
  certificate_chain: DataSource;
  private_key: DataSource;
}

/** Where a secret comes from: the ADS stream, or an SDS server reached through a bootstrap cluster. */
export type SecretConfigSource =
  | AdsConfigSource
  | {
      api_config_source: {
        api_type: "GRPC";
        transport_api_version: "V3";
        grpc_services: { envoy_grpc: { cluster_name: string } }[];
      };
      resource_api_version: "V3";
    };

export interface SdsSecretConfig {
  name: string;
  sds_config: SecretConfigSource;
}

export interface SubjectAltNameMatcher {
  san_type: "DNS" | "URI" | "IP_ADDRESS";
  matcher: { exact: string };
}

export interface CertificateValidationContext {
  trusted_ca?: DataSource;
  match_typed_subject_alt_names?: SubjectAltNameMatcher[];
}

export interface CommonTlsContext {
  tls_certificates?: TlsCertificate[];
  tls_certificate_sds_secret_configs?: SdsSecretConfig[];
  validation_context?: CertificateValidationContext;
  /** Trust from a secret, with the SAN matchers that apply on top of it. */
  combined_validation_context?: {
    default_validation_context: CertificateValidationContext;
    validation_context_sds_secret_config: SdsSecretConfig;
  };
  alpn_protocols?: string[];
}

export interface DownstreamTlsContext {
  "@type": "type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext";
  common_tls_context: CommonTlsContext;
  require_client_certificate?: boolean;
}

export interface UpstreamTlsContext {
  "@type": "type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext";
  common_tls_context: CommonTlsContext;
  sni?: string;
}

/** The listener filter that tells TLS from plaintext, for filter chains that match on `transport_protocol`. */
export const TLS_INSPECTOR: TypedExtension = {
  name: "envoy.filters.listener.tls_inspector",
  typed_config: { "@type": "type.googleapis.com/envoy.extensions.filters.listener.tls_inspector.v3.TlsInspector" },
};
