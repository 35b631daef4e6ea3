/**
 * The SDK's failures in the AWS CLI's terms: the service's answer becomes a ServiceError (with the
 * retries spent when they ran out), missing region or credentials a configuration error (exit 253),
 * and a request that never got an answer a connection error naming the URL (exit 255).
 */
import { ServiceError } from "../../model/service-error.js";
import { BackendConfigError, BackendConnectionError } from "../errors.js";
import { errorFromResponse, type RawResponse } from "./error-response.js";

interface SdkError extends Error {
  code?: string;
  $fault?: "client" | "server";
  $metadata?: { httpStatusCode?: number; attempts?: number };
  $response?: { statusCode?: number; body?: unknown };
}

const CONNECT_FAILURES = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EAI_AGAIN",
  "ECONNABORTED",
]);

export const NO_REGION = 'You must specify a region. You can also configure your region by running "aws configure".';
export const NO_CREDENTIALS = 'Unable to locate credentials. You can configure credentials by running "aws configure".';

export function translateSdkError(
  error: unknown,
  url: string | undefined,
  maxAttempts: number,
  response?: { raw: RawResponse; protocol: "rest-json" | "json" },
): Error {
  const err = error as SdkError;
  const status = response?.raw.status ?? err.$metadata?.httpStatusCode;
  if (status !== undefined && status >= 300) {
    const attempts = err.$metadata?.attempts ?? 1;
    const retries = attempts >= maxAttempts ? attempts - 1 : undefined;
    if (response) {
      const { code, message } = errorFromResponse(response.raw, response.protocol);
      return new ServiceError(code, message, status, undefined, retries);
    }
    const code = err.name && err.name !== "Error" && err.name !== "UnknownError" ? err.name : String(status);
    return new ServiceError(code, err.message, status, undefined, retries);
  }
  if (err.name === "CredentialsProviderError") return new BackendConfigError(NO_CREDENTIALS);
  if (/region is missing/i.test(err.message ?? "")) return new BackendConfigError(NO_REGION);
  const where = url ?? "(unknown)";
  if (err.name === "TimeoutError" && /socket|read/i.test(err.message)) {
    return new BackendConnectionError(`Read timeout on endpoint URL: "${where}"`);
  }
  if ((err.code && CONNECT_FAILURES.has(err.code)) || err.name === "TimeoutError") {
    return new BackendConnectionError(`Could not connect to the endpoint URL: "${where}"`);
  }
  if (err.code === "ECONNRESET" || err.code === "EPIPE") {
    return new BackendConnectionError(
      `Connection was closed before we received a valid response from endpoint URL: "${where}".`,
    );
  }
  return err instanceof Error ? err : new Error(String(error));
}
