/**
 * Checks SigV4 signatures against configured keys by signing the request again with the SDK's own
 * signer (@smithy/signature-v4), over exactly the headers the client signed, and comparing.
 */
import { createHash, createHmac, type Hmac, type Hash as NodeHash, timingSafeEqual } from "node:crypto";
import type { Hash, SourceData } from "@smithy/types";
import {
  hostNotSigned,
  incompleteSignature,
  invalidSignature,
  unrecognizedClient,
  wrongService,
} from "./auth-errors.js";
import type { RequestHead, WireRequest } from "./protocol.js";
import type { SigV4Authorization } from "./sigv4-authorization.js";

/** How far X-Amz-Date may be from the server's clock, as in AWS. */
const MAX_SKEW_MS = 15 * 60 * 1000;

export class SigV4Verifier {
  /** `keys`: secret access key by access key id. */
  constructor(private readonly keys: ReadonlyMap<string, string>) {}

  /**
   * What the head alone tells, as AWS checks it: a configured key, a signed X-Amz-Date within 15
   * minutes, a signed Host, and a credential scoped to the service called (`signingName`). Returns the
   * signing date; throws a 403 ServiceError.
   */
  checkHead(head: RequestHead, auth: SigV4Authorization, signingName: string): Date {
    if (!this.keys.has(auth.accessKeyId)) throw unrecognizedClient();
    const signingDate = checkedSigningDate(head, auth);
    if (!auth.signedHeaders.includes("host")) throw hostNotSigned();
    if (auth.service !== signingName) throw wrongService(signingName);
    return signingDate;
  }

  /** Resolves when the signature over the whole request is good; rejects with a 403 ServiceError otherwise. */
  async verify(request: WireRequest, auth: SigV4Authorization, signingDate: Date): Promise<void> {
    const secretAccessKey = this.keys.get(auth.accessKeyId);
    if (secretAccessKey === undefined) throw unrecognizedClient();
    checkPayloadHash(request);
    const expected = await signatureOf(request, auth, secretAccessKey, signingDate);
    if (!sameText(expected, auth.signature)) throw invalidSignature();
  }
}

/** The signed X-Amz-Date, which must be within 15 minutes of the server's clock. */
function checkedSigningDate(request: RequestHead, auth: SigV4Authorization): Date {
  const amzDate = String(request.headers["x-amz-date"] ?? "");
  const signingDate = parseAmzDate(amzDate);
  if (!signingDate || !auth.signedHeaders.includes("x-amz-date")) {
    throw incompleteSignature("Authorization header requires a signed X-Amz-Date header in the form yyyyMMddTHHmmssZ.");
  }
  if (Math.abs(Date.now() - signingDate.getTime()) > MAX_SKEW_MS) {
    throw invalidSignature(`Signature expired: ${amzDate} is more than 15 minutes from the server's time.`);
  }
  return signingDate;
}

/** The signer takes a signed X-Amz-Content-Sha256 as the body's hash, so it must be the body's hash. */
function checkPayloadHash(request: WireRequest): void {
  const claimed = request.headers["x-amz-content-sha256"];
  if (claimed !== undefined && claimed !== createHash("sha256").update(request.body).digest("hex")) {
    throw invalidSignature("The provided 'x-amz-content-sha256' header does not match what was computed.");
  }
}

/** The signature the client should have sent: the request signed again, over the headers it signed. */
async function signatureOf(
  request: WireRequest,
  auth: SigV4Authorization,
  secretAccessKey: string,
  signingDate: Date,
): Promise<string> {
  // Loaded only by `mesh serve --verify-sigv4`; kept out of the CLI bundle (see scripts/bundle.ts).
  const { SignatureV4 } = await import("@smithy/signature-v4");
  const signer = new SignatureV4({
    credentials: { accessKeyId: auth.accessKeyId, secretAccessKey },
    region: auth.region,
    service: auth.service,
    sha256: Sha256,
    applyChecksum: false,
  });
  const signed = await signer.sign(
    {
      method: request.method,
      protocol: "http:",
      hostname: String(request.headers.host ?? ""),
      path: request.path,
      query: queryRecord(request.query),
      headers: signedHeaders(request, auth.signedHeaders),
      body: request.body,
    },
    { signingDate, signableHeaders: new Set(auth.signedHeaders) },
  );
  return /Signature=([0-9a-f]+)/.exec(String(signed.headers.authorization))?.[1] ?? "";
}

/** `20261122T141740Z` → Date; undefined when malformed. */
function parseAmzDate(value: string): Date | undefined {
  const iso = value.replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, "$1-$2-$3T$4:$5:$6Z");
  const date = new Date(iso);
  return iso !== value && !Number.isNaN(date.getTime()) ? date : undefined;
}

function signedHeaders(request: WireRequest, names: string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const name of names) {
    const value = request.headers[name];
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(",") : value;
  }
  return headers;
}

function queryRecord(query: URLSearchParams): Record<string, string | string[]> {
  const record: Record<string, string | string[]> = {};
  for (const key of new Set(query.keys())) {
    const values = query.getAll(key);
    record[key] = values.length === 1 ? (values[0] as string) : values;
  }
  return record;
}

function sameText(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

/** SHA-256 and HMAC-SHA-256 from node:crypto, in the shape the signer takes. */
class Sha256 implements Hash {
  private readonly hash: NodeHash | Hmac;

  constructor(secret?: SourceData) {
    this.hash = secret === undefined ? createHash("sha256") : createHmac("sha256", bytes(secret));
  }

  update(data: SourceData): void {
    this.hash.update(bytes(data));
  }

  digest(): Promise<Uint8Array> {
    return Promise.resolve(this.hash.digest());
  }
}

function bytes(data: SourceData): string | Uint8Array {
  if (typeof data === "string") return data;
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return new Uint8Array(data);
}
