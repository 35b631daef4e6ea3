/**
 * The errors AWS answers before any service sees a request (no service models them): all 403, with
 * the names and messages AWS sends, so clients report them as they would against AWS.
 */
import { ServiceError } from "../../model/service-error.js";

export function missingAuthenticationToken(): ServiceError {
  return new ServiceError("MissingAuthenticationTokenException", "Missing Authentication Token", 403);
}

export function incompleteSignature(message: string): ServiceError {
  return new ServiceError("IncompleteSignatureException", message, 403);
}

export function unrecognizedClient(): ServiceError {
  return new ServiceError("UnrecognizedClientException", "The security token included in the request is invalid.", 403);
}

export function invalidSignature(
  message = "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.",
): ServiceError {
  return new ServiceError("InvalidSignatureException", message, 403);
}

/** The credential scope names another service than the one called (AWS's message ends with a space). */
export function wrongService(signingName: string): ServiceError {
  return invalidSignature(`Credential should be scoped to correct service: '${signingName}'. `);
}

export function invalidRegion(region: string): ServiceError {
  return invalidSignature(`Credential should be scoped to a valid region, not '${region}'. `);
}

export function hostNotSigned(): ServiceError {
  return incompleteSignature("'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
}
