/**
 * The SigV4 call credentials of App Mesh's Envoy (`envoy.grpc_credentials.aws_iam`): it signs each
 * stream as a POST of an empty body to `https://<authority>/<service>/<method>` and sends
 * `authorization`, `x-amz-date` (and `x-amz-security-token`) as metadata. The signature gives the
 * stream its region; with keys configured (`--verify-sigv4`), it is checked by the same verifier as
 * the App Mesh API's requests and a stream without a good one is refused.
 */
import type { Metadata } from "@grpc/grpc-js";
import { parseAuthorization } from "../../emulator/server/sigv4-authorization.js";
import type { SigV4Verifier } from "../../emulator/server/sigv4-verifier.js";

export class CallCredentialsError extends Error {
  override readonly name = "CallCredentialsError";
}

/** The call's SigV4 region (undefined when unsigned); rejects when a verifier is given and the signature is not good. */
export async function callRegion(
  metadata: Metadata,
  call: { host: string; path: string },
  verifier: SigV4Verifier | undefined,
): Promise<string | undefined> {
  const header = metadata.get("authorization")[0];
  const auth = typeof header === "string" ? parseAuthorization(header) : undefined;
  if (!verifier) return auth?.region;
  if (!auth) throw new CallCredentialsError("this server needs SigV4-signed streams (--verify-sigv4): none was sent");
  const headers: Record<string, string> = { host: call.host.replace(/:443$/, "") };
  for (const name of auth.signedHeaders) {
    const value = metadata.get(name)[0];
    if (typeof value === "string") headers[name] = value;
  }
  const request = { method: "POST", path: call.path, query: new URLSearchParams(), headers, body: Buffer.alloc(0) };
  try {
    const signingDate = verifier.checkHead(request, auth, "appmesh");
    await verifier.verify(request, auth, signingDate);
  } catch (error) {
    throw new CallCredentialsError(`SigV4 signature refused: ${(error as Error).message}`);
  }
  return auth.region;
}
