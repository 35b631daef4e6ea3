/**
 * The scope a request acts in: always the emulator's account, and the region of the request's SigV4
 * credential scope (else the server's default region). Signed and unsigned requests are both served,
 * unless the server verifies signatures: then each request must be signed with a configured key, and
 * all that the head can tell (a known key, a fresh date, a signed host, the called service) is checked
 * before the body is read, so that an unauthenticated request never gets its body buffered.
 */
import { isRegionName } from "../../model/regions.js";
import type { Scope } from "../state/scope.js";
import { incompleteSignature, invalidRegion, missingAuthenticationToken } from "./auth-errors.js";
import type { RequestHead, WireRequest } from "./protocol.js";
import { parseAuthorization } from "./sigv4-authorization.js";
import type { SigV4Verifier } from "./sigv4-verifier.js";

export interface AuthOptions {
  account: string;
  defaultRegion: string;
  verifier?: SigV4Verifier;
}

export interface Authenticated {
  scope: Scope;
  /** Checks the signature over the whole request once its body is read (a no-op unless verifying). */
  verify(request: WireRequest): Promise<void>;
}

/** Authenticates a request from its head; `signingName` is the called service's (`appmesh`). */
export function authenticateHead(head: RequestHead, signingName: string, options: AuthOptions): Authenticated {
  const header = head.headers.authorization;
  const auth = header === undefined ? undefined : parseAuthorization(header);
  // The region becomes part of every ARN the request makes.
  if (auth && !isRegionName(auth.region)) throw invalidRegion(auth.region);
  const scope = { account: options.account, region: auth?.region ?? options.defaultRegion };
  const { verifier } = options;
  if (!verifier) return { scope, verify: async () => {} };
  if (header === undefined) throw missingAuthenticationToken();
  if (!auth) throw incompleteSignature("The Authorization header is not a well-formed AWS4-HMAC-SHA256 signature.");
  const signingDate = verifier.checkHead(head, auth, signingName);
  return { scope, verify: (request) => verifier.verify(request, auth, signingDate) };
}
