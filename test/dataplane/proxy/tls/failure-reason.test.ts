/** Envoy's transport failure reasons for the TLS errors Node's OpenSSL reports, with BoringSSL's codes and names. */
import assert from "node:assert/strict";
import { createServer } from "node:net";
import { describe, it } from "node:test";
import { connect } from "node:tls";
import {
  CERTIFICATE_VERIFY_FAILED,
  failureReason,
  isTlsError,
} from "../../../../src/dataplane/proxy/tls/failure-reason.js";

/** The error of a TLS handshake with a server that answers in plaintext HTTP. */
async function plaintextServerError(): Promise<Error> {
  const server = createServer((socket) => socket.end("HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\n\r\n"));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  try {
    return await new Promise<Error>((resolve) => {
      const socket = connect({ host: "127.0.0.1", port: (server.address() as { port: number }).port });
      socket.on("error", resolve);
    });
  } finally {
    server.close();
  }
}

describe("TLS failure reasons", () => {
  it("words a refused certificate as Envoy does", () => {
    assert.equal(
      CERTIFICATE_VERIFY_FAILED,
      "TLS_error:|268435581:SSL routines:OPENSSL_internal:CERTIFICATE_VERIFY_FAILED:TLS_error_end",
    );
  });

  it("gives a real OpenSSL error BoringSSL's code and name (a server speaking plaintext)", async () => {
    const error = await plaintextServerError();
    assert.ok(isTlsError(error));
    assert.equal(
      failureReason(error),
      "TLS_error:|268435703:SSL routines:OPENSSL_internal:WRONG_VERSION_NUMBER:TLS_error_end",
    );
  });

  it("renames OpenSSL's TLS 1.3 alert names to BoringSSL's", () => {
    const error = Object.assign(new Error("tlsv13 alert certificate required"), {
      code: "ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED",
      library: "SSL routines",
    });
    assert.equal(
      failureReason(error),
      "TLS_error:|268436572:SSL routines:OPENSSL_internal:TLSV1_ALERT_CERTIFICATE_REQUIRED:TLS_error_end",
    );
  });

  it("keeps OpenSSL's own packed code and name for a reason BoringSSL does not have", () => {
    const error = Object.assign(new Error("C0:error:0A000123:SSL routines::something new:ssl.c:1:"), {
      code: "ERR_SSL_SOMETHING_NEW",
      library: "SSL routines",
    });
    assert.equal(
      failureReason(error),
      "TLS_error:|167772451:SSL routines:OPENSSL_internal:SOMETHING_NEW:TLS_error_end",
    );
  });

  it("tells socket errors from TLS errors", () => {
    assert.equal(isTlsError(Object.assign(new Error("refused"), { code: "ECONNREFUSED" })), false);
  });
});
