/** envoy.config.core.v3.TransportSocket: TLS on listeners (downstream) and clusters (upstream). */

export interface TransportSocket {
  name: "envoy.transport_sockets.tls";
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

export interface CertificateValidationContext {
  trusted_ca?: DataSource;
  match_typed_subject_alt_names?: { san_type: "DNS" | "URI"; matcher: { exact: string } }[];
}

export interface CommonTlsContext {
  tls_certificates?: TlsCertificate[];
  tls_certificate_sds_secret_configs?: { name: string }[];
  validation_context?: CertificateValidationContext;
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
