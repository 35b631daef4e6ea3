/**
 * A cluster's circuit breakers, as Envoy's resource manager keeps them: the connections, requests and
 * retries open against the default priority's thresholds, the overflow counters, and the
 * `circuit_breakers.<priority>.*_open` gauges (1 while a resource is at its limit). App Mesh set no
 * track_remaining, so its Envoys published no `remaining_*` gauges, and neither does this.
 */
import type { CircuitBreakerThresholds } from "../../envoy/cluster.js";
import type { Counter, Gauge, Stats } from "../stats.js";

const UNLIMITED: CircuitBreakerThresholds = {
  max_connections: Number.POSITIVE_INFINITY,
  max_pending_requests: Number.POSITIVE_INFINITY,
  max_requests: Number.POSITIVE_INFINITY,
  max_retries: Number.POSITIVE_INFINITY,
};

const OPEN_GAUGES = ["cx_open", "cx_pool_open", "rq_open", "rq_pending_open", "rq_retry_open"] as const;

export class CircuitBreakers {
  /** Upstream connections open: the HTTP pools' and TCP proxying's. */
  private connections = 0;
  /** HTTP requests let through: on a connection, or (HTTP/1) waiting for one. */
  private requests = 0;
  /** Retries scheduled whose attempt has not been judged yet. */
  private retries = 0;
  private thresholds = UNLIMITED;
  private http2 = false;
  private readonly cxOverflow: Counter;
  private readonly rqPendingOverflow: Counter;
  private readonly rqRetryOverflow: Counter;
  private readonly open: Record<(typeof OPEN_GAUGES)[number], Gauge>;

  constructor(stats: Stats, prefix: string) {
    this.cxOverflow = stats.counter(`${prefix}upstream_cx_overflow`);
    this.rqPendingOverflow = stats.counter(`${prefix}upstream_rq_pending_overflow`);
    this.rqRetryOverflow = stats.counter(`${prefix}upstream_rq_retry_overflow`);
    const gauge = (name: string) => stats.gauge(`${prefix}circuit_breakers.default.${name}`);
    this.open = {
      cx_open: gauge("cx_open"),
      // App Mesh set no max_connection_pools: never open.
      cx_pool_open: gauge("cx_pool_open"),
      rq_open: gauge("rq_open"),
      rq_pending_open: gauge("rq_pending_open"),
      rq_retry_open: gauge("rq_retry_open"),
    };
    // Envoy keeps a high-priority resource manager too; nothing here is routed at high priority.
    for (const name of OPEN_GAUGES) stats.gauge(`${prefix}circuit_breakers.high.${name}`);
  }

  /** The cluster's (new) thresholds; none is no limit. */
  configure(thresholds: CircuitBreakerThresholds | undefined, http2: boolean): void {
    this.thresholds = thresholds ?? UNLIMITED;
    this.http2 = http2;
    this.refresh();
  }

  /**
   * How many HTTP requests the cluster takes at once: HTTP/1 max_connections of them on connections
   * plus max_pending_requests waiting, HTTP/2 max_requests.
   */
  get requestLimit(): number {
    const { max_connections, max_pending_requests, max_requests } = this.thresholds;
    return this.http2 ? max_requests : Math.min(max_connections + max_pending_requests, max_requests);
  }

  /** An HTTP request: false (and Envoy's pending overflow) when there is no room for it. */
  tryRequest(): boolean {
    if (this.requests >= this.requestLimit) {
      this.rqPendingOverflow.value++;
      return false;
    }
    this.requests++;
    // It waits for a connection the pool may not open.
    if (this.pending() > 0) this.cxOverflow.value++;
    this.refresh();
    return true;
  }

  releaseRequest(): void {
    this.requests--;
    this.refresh();
  }

  /** A retry: false (and Envoy's retry overflow) when max_retries are already under way. */
  tryRetry(): boolean {
    if (this.retries >= this.thresholds.max_retries) {
      this.rqRetryOverflow.value++;
      return false;
    }
    this.retries++;
    this.refresh();
    return true;
  }

  releaseRetry(): void {
    this.retries--;
    this.refresh();
  }

  /** A TCP proxy's connection: false (and Envoy's connection overflow) at max_connections. */
  tryConnection(): boolean {
    if (this.connections < this.thresholds.max_connections) return true;
    this.cxOverflow.value++;
    return false;
  }

  connectionOpened(): void {
    this.connections++;
    this.refresh();
  }

  connectionClosed(): void {
    this.connections--;
    this.refresh();
  }

  /** HTTP/1 requests beyond max_connections wait for a connection; HTTP/2 ones share one. */
  private pending(): number {
    return this.http2 ? 0 : Math.max(0, this.requests - this.thresholds.max_connections);
  }

  private refresh(): void {
    const { max_connections, max_pending_requests, max_requests, max_retries } = this.thresholds;
    const pending = this.pending();
    this.open.cx_open.value = this.connections >= max_connections ? 1 : 0;
    this.open.rq_pending_open.value = pending >= max_pending_requests ? 1 : 0;
    this.open.rq_open.value = this.requests - pending >= max_requests ? 1 : 0;
    this.open.rq_retry_open.value = this.retries >= max_retries ? 1 : 0;
  }
}
