/**
 * The parts of a SigV4 `Authorization` header:
 * `AWS4-HMAC-SHA256 Credential=AKID/20261122/us-east-1/appmesh/aws4_request, SignedHeaders=host;x-amz-date, Signature=…`
 */

export interface SigV4Authorization {
  accessKeyId: string;
  /** The credential scope: `yyyymmdd`, region, signing name. */
  date: string;
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
}

/** The header's parts, or undefined when it is not a well-formed SigV4 header. */
export function parseAuthorization(header: string): SigV4Authorization | undefined {
  const match = /^AWS4-HMAC-SHA256\s+(.+)$/.exec(header.trim());
  if (!match?.[1]) return undefined;
  const fields = new Map(
    match[1].split(/\s*,\s*/).map((field) => {
      const at = field.indexOf("=");
      return [field.slice(0, at), field.slice(at + 1)] as const;
    }),
  );
  const [accessKeyId, date, region, service, terminator] = (fields.get("Credential") ?? "").split("/");
  const signedHeaders = fields.get("SignedHeaders");
  const signature = fields.get("Signature");
  if (!accessKeyId || !date || !region || !service || terminator !== "aws4_request" || !signedHeaders || !signature) {
    return undefined;
  }
  return { accessKeyId, date, region, service, signedHeaders: signedHeaders.split(";"), signature };
}
