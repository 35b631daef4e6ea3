/**
 * Envoy's transport failure reason for a TLS error (its SslSocket::drainErrorQueue): `TLS_error:|`,
 * then `<packed code>:<library>:<function>:<reason>` per error, then `:TLS_error_end`, with BoringSSL's
 * codes and names (`268435581:SSL routines:OPENSSL_internal:CERTIFICATE_VERIFY_FAILED`). Node runs
 * OpenSSL: its errors are given BoringSSL's number and name where BoringSSL has the same reason, and
 * keep OpenSSL's own packed code and name otherwise.
 */

/** BoringSSL's reason codes (include/openssl/ssl.h) for what a handshake between proxies can meet. */
const BORINGSSL_SSL_REASONS: Record<string, number> = {
  CERTIFICATE_VERIFY_FAILED: 125,
  HTTP_REQUEST: 156,
  NO_SHARED_CIPHER: 184,
  PEER_DID_NOT_RETURN_A_CERTIFICATE: 192,
  UNSUPPORTED_PROTOCOL: 240,
  WRONG_VERSION_NUMBER: 247,
  NO_APPLICATION_PROTOCOL: 307,
  SSLV3_ALERT_HANDSHAKE_FAILURE: 1040,
  SSLV3_ALERT_BAD_CERTIFICATE: 1042,
  SSLV3_ALERT_UNSUPPORTED_CERTIFICATE: 1043,
  SSLV3_ALERT_CERTIFICATE_REVOKED: 1044,
  SSLV3_ALERT_CERTIFICATE_EXPIRED: 1045,
  SSLV3_ALERT_CERTIFICATE_UNKNOWN: 1046,
  TLSV1_ALERT_UNKNOWN_CA: 1048,
  TLSV1_ALERT_ACCESS_DENIED: 1049,
  TLSV1_ALERT_DECODE_ERROR: 1050,
  TLSV1_ALERT_DECRYPT_ERROR: 1051,
  TLSV1_ALERT_PROTOCOL_VERSION: 1070,
  TLSV1_ALERT_INTERNAL_ERROR: 1080,
  TLSV1_ALERT_CERTIFICATE_REQUIRED: 1116,
  TLSV1_ALERT_NO_APPLICATION_PROTOCOL: 1120,
};

/** OpenSSL's names for reasons BoringSSL names otherwise. */
const BORINGSSL_NAMES: Record<string, string> = {
  TLSV13_ALERT_CERTIFICATE_REQUIRED: "TLSV1_ALERT_CERTIFICATE_REQUIRED",
};

/** ERR_PACK(ERR_LIB_SSL, reason): the library (16) in the top byte. */
const SSL_LIBRARY = 16 * 2 ** 24;

/** The reason for a certificate the proxy refused (untrusted, or without a wanted SAN). */
export const CERTIFICATE_VERIFY_FAILED = reasonText(SSL_LIBRARY + 125, "SSL routines", "CERTIFICATE_VERIFY_FAILED");

function reasonText(code: number, library: string, reason: string): string {
  return `TLS_error:|${code}:${library}:OPENSSL_internal:${reason}:TLS_error_end`;
}

/** Whether an error is OpenSSL's (a handshake that failed), rather than the socket's. */
export function isTlsError(error: Error): boolean {
  return (error as { code?: string }).code?.startsWith("ERR_SSL_") === true || "library" in error;
}

/** Envoy's text for an OpenSSL error Node reported. */
export function failureReason(error: Error): string {
  const code = (error as { code?: string }).code ?? "";
  const openSslName = code.startsWith("ERR_SSL_") ? code.slice("ERR_SSL_".length) : code;
  const name = BORINGSSL_NAMES[openSslName] ?? openSslName;
  const known = BORINGSSL_SSL_REASONS[name];
  if (known !== undefined) return reasonText(SSL_LIBRARY + known, "SSL routines", name);
  const packed = /error:([0-9A-Fa-f]{8}):/.exec(error.message)?.[1];
  const library = (error as { library?: string }).library ?? "SSL routines";
  return reasonText(packed ? Number.parseInt(packed, 16) : 0, library, name || "UNKNOWN");
}
