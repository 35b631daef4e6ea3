/** An App Mesh retry policy as Envoy's (dataplane.md §6): status-code lists, never Envoy's own `5xx`. */
import type { GrpcRetryPolicy, HttpRetryPolicy } from "@aws-sdk/client-app-mesh";
import type { RetryPolicy } from "../envoy/route.js";
import { DEFAULT_RETRY_POLICY, RETRY_HOSTS } from "./defaults.js";
import { durationOf } from "./durations.js";

const SERVER_ERRORS = [500, 501, 502, 503, 504, 505, 506, 507, 508, 510, 511];
const GATEWAY_ERRORS = [502, 503, 504];

export function retryPolicyOf(policy: HttpRetryPolicy | GrpcRetryPolicy | undefined): RetryPolicy {
  if (!policy) return DEFAULT_RETRY_POLICY;
  const conditions: string[] = [];
  const codes = new Set<number>();
  for (const event of policy.httpRetryEvents ?? []) {
    if (event === "server-error") for (const code of SERVER_ERRORS) codes.add(code);
    if (event === "gateway-error") for (const code of GATEWAY_ERRORS) codes.add(code);
    if (event === "client-error") codes.add(409);
    if (event === "server-error" || event === "gateway-error") conditions.push("reset");
    if (event === "stream-error") conditions.push("refused-stream");
  }
  if (policy.tcpRetryEvents?.includes("connection-error")) conditions.push("connect-failure");
  conditions.push(...(("grpcRetryEvents" in policy ? policy.grpcRetryEvents : undefined) ?? []));
  if (codes.size) conditions.push("retriable-status-codes");
  const perTry = durationOf(policy.perRetryTimeout);
  return {
    retry_on: [...new Set(conditions)].join(","),
    num_retries: policy.maxRetries ?? 0,
    ...(perTry ? { per_try_timeout: perTry } : {}),
    ...(codes.size ? { retriable_status_codes: [...codes].sort((a, b) => a - b) } : {}),
    ...RETRY_HOSTS,
  };
}
