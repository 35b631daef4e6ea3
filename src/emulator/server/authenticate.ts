/**
 * The scope a request acts in: always the emulator's account, and the region of the request's SigV4
 * credential scope (else the server's default region). Signed and unsigned requests are both served,
 * unless the server verifies signatures: then each request must be signed with a configured key.
 */
import type { Scope } from "../state/scope.js";
import { incompleteSignature, missingAuthenticationToken } from "./auth-errors.js";
import type { WireRequest } from "./protocol.js";
import { parseAuthorization } from "./sigv4-authorization.js";
import type { SigV4Verifier } from "./sigv4-verifier.js";

export interface AuthOptions {
  account: string;
  defaultRegion: string;
  verifier?: SigV4Verifier;
}

export async function authenticate(request: WireRequest, options: AuthOptions): Promise<Scope> {
  const header = request.headers.authorization;
  const auth = header === undefined ? undefined : parseAuthorization(header);
  if (options.verifier) {
    if (header === undefined) throw missingAuthenticationToken();
    if (!auth) throw incompleteSignature("The Authorization header is not a well-formed AWS4-HMAC-SHA256 signature.");
    await options.verifier.verify(request, auth);
  }
  return { account: options.account, region: auth?.region ?? options.defaultRegion };
}
