/**
 * What App Mesh set when a spec said nothing (dataplane.md §5–§8, appmesh-semantics.md §10): route
 * timeouts, the hidden retry policy, circuit breakers that are effectively off, connect timeouts.
 */
import type { CircuitBreakerThresholds } from "../envoy/cluster.js";
import type { RetryPolicy } from "../envoy/route.js";

export const DEFAULT_ROUTE_TIMEOUT = "15s";
export const DEFAULT_IDLE_TIMEOUT = "300s";
export const CONNECT_TIMEOUT = "1s";
/** Circuit breakers App Mesh set on every cluster: no limit in practice. */
export const UNLIMITED = 2147483647;

export const DEFAULT_THRESHOLDS: CircuitBreakerThresholds = {
  max_connections: UNLIMITED,
  max_pending_requests: UNLIMITED,
  max_requests: UNLIMITED,
  max_retries: UNLIMITED,
};

/** Retrying on other hosts first, with every policy App Mesh made. */
export const RETRY_HOSTS = {
  retry_host_predicate: [
    {
      name: "envoy.retry_host_predicates.previous_hosts",
      typed_config: {
        "@type": "type.googleapis.com/envoy.extensions.retry.host.previous_hosts.v3.PreviousHostsPredicate",
      },
    },
  ],
  host_selection_retry_max_attempts: "5",
} satisfies Partial<RetryPolicy>;

/** The policy of a route that has none (accounts created after 2020-07-29). */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  retry_on: "unavailable,connect-failure,refused-stream,retriable-status-codes",
  num_retries: 2,
  retriable_status_codes: [503],
  ...RETRY_HOSTS,
};
