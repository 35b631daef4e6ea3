/**
 * The route's retry policy, as Envoy applies App Mesh's (dataplane.md §6): retriable status codes,
 * `reset` / `connect-failure` / `refused-stream` before the response starts, gRPC statuses, at most
 * `num_retries`, with Envoy's jittered exponential back-off (25 ms base, 250 ms cap). A request whose
 * body outgrew the buffer is not retried: there is nothing to send again.
 */
import type { RetryPolicy } from "../../envoy/route.js";
import type { Failure } from "../upstream/attempt.js";
import type { Interceptor } from "./dispatch.js";

const BASE_MS = 25;
const MAX_MS = 250;

const GRPC_STATUSES: Record<string, string> = {
  "1": "cancelled",
  "4": "deadline-exceeded",
  "8": "resource-exhausted",
  "13": "internal",
  "14": "unavailable",
};

/** Which of the policy's conditions a response or failure meets. */
export class RetryConditions {
  private readonly on: Set<string>;
  private readonly codes: Set<number>;

  constructor(policy: RetryPolicy) {
    this.on = new Set(policy.retry_on.split(",").map((c) => c.trim()));
    this.codes = new Set(policy.retriable_status_codes ?? []);
  }

  response(status: number, headers: string[]): boolean {
    if (this.on.has("retriable-status-codes") && this.codes.has(status)) return true;
    if (this.on.has("5xx") && status >= 500) return true;
    const grpc = grpcStatus(headers);
    return grpc !== undefined && this.on.has(GRPC_STATUSES[grpc] ?? "");
  }

  failure(failure: Failure): boolean {
    if (failure.kind === "timeout") return failure.perTry && (this.on.has("reset") || this.on.has("5xx"));
    if (failure.kind !== "reset") return false;
    const { flag, reason } = failure.reset;
    if (flag === "UF") return this.on.has("connect-failure") || this.on.has("reset") || this.on.has("5xx");
    if (reason === "remote refused stream reset") return this.on.has("refused-stream") || this.on.has("reset");
    if (flag === "UO") return false;
    return this.on.has("reset") || this.on.has("5xx");
  }
}

function grpcStatus(headers: string[]): string | undefined {
  for (let i = 0; i < headers.length; i += 2) {
    if ((headers[i] as string).toLowerCase() === "grpc-status") return headers[i + 1];
  }
  return undefined;
}

/** Conditions parsed once per policy object: configs are immutable, so the policy object is the key. */
const parsed = new WeakMap<RetryPolicy, RetryConditions>();

function conditionsOf(policy: RetryPolicy): RetryConditions {
  let conditions = parsed.get(policy);
  if (!conditions) {
    conditions = new RetryConditions(policy);
    parsed.set(policy, conditions);
  }
  return conditions;
}

/** Envoy's full-jitter back-off before retry `n` (1-based). */
export function backOffMs(n: number, random = Math.random()): number {
  return random * Math.min(MAX_MS, BASE_MS * (2 ** n - 1));
}

export const retry: Interceptor = (next) => (exchange, handler) => {
  const policy = exchange.action.retry_policy;
  if (!policy || policy.num_retries <= 0) return next(exchange, handler);
  const conditions = conditionsOf(policy);
  const { stats, breakers } = exchange.cluster;
  let cancelCurrent: () => void = () => {};
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  /** This exchange holds one of the cluster's retries (max_retries) from scheduling one until its attempt is judged. */
  let holding = false;

  const release = () => {
    if (!holding) return;
    holding = false;
    breakers.releaseRetry();
  };

  /** Envoy's RetryState::shouldRetry: judges an attempt, and sends the next one if it should go. */
  const again = (retriable: boolean): boolean => {
    // An outcome not worth retrying after a retry is, to Envoy, that retry's success.
    if (holding && !retriable) stats.rqRetrySuccess.value++;
    release();
    if (!retriable || exchange.request.body?.replayable === false) return false;
    if (exchange.retries >= policy.num_retries) {
      stats.rqRetryLimitExceeded.value++;
      exchange.responseFlags.push("URX");
      return false;
    }
    if (!breakers.tryRetry()) {
      exchange.responseFlags.push("UO");
      return false;
    }
    holding = true;
    exchange.retries++;
    stats.rqRetry.value++;
    timer = setTimeout(attempt, backOffMs(exchange.retries));
    return true;
  };

  const attempt = () => {
    if (stopped) return;
    let abandoned = false;
    cancelCurrent = next(exchange, {
      onHeaders(status, headers, resume) {
        if (again(conditions.response(status, headers))) {
          stats.retried(status);
          // This response is dropped: its body drains in the background while the retry goes out.
          abandoned = true;
          return true;
        }
        return handler.onHeaders(status, headers, resume);
      },
      onData: (chunk) => (abandoned ? true : handler.onData(chunk)),
      onComplete: (trailers) => {
        if (!abandoned) handler.onComplete(trailers);
      },
      onError(failure) {
        if (abandoned) return;
        // Envoy judges no attempt when no host is left for it.
        if (failure.kind !== "no-healthy-upstream" && again(conditions.failure(failure))) return;
        release();
        handler.onError(failure, exchange.retries > 0);
      },
    });
  };

  attempt();
  return () => {
    stopped = true;
    clearTimeout(timer);
    release();
    cancelCurrent();
  };
};
