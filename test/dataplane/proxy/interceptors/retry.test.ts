/**
 * The retry interceptor on attempts that fail as HTTP/2 and connection failures do, where `mesh up`
 * cannot make them happen between its own sidecars (a refused stream comes from the next hop, which
 * is always another sidecar): which App Mesh retry events retry which failure, and what never is.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { HttpRetryPolicy } from "@aws-sdk/client-app-mesh";
import type { Dispatch, Exchange } from "../../../../src/dataplane/proxy/interceptors/dispatch.js";
import { retry } from "../../../../src/dataplane/proxy/interceptors/retry.js";
import { RESETS, type ResetReason } from "../../../../src/dataplane/proxy/local-reply.js";
import { Stats } from "../../../../src/dataplane/proxy/stats.js";
import type { Failure } from "../../../../src/dataplane/proxy/upstream/attempt.js";
import { CircuitBreakers } from "../../../../src/dataplane/proxy/upstream/circuit-breakers.js";
import { ClusterStats } from "../../../../src/dataplane/proxy/upstream/cluster.js";
import { retryPolicyOf } from "../../../../src/dataplane/translate/retry.js";

/**
 * Runs one request through `retry` under an App Mesh policy (2 retries, these events), its first
 * `failures` attempts failing with `reset` and the next succeeding; resolves with the attempts made
 * and how the request ended.
 */
function attempts(
  events: Omit<HttpRetryPolicy, "maxRetries" | "perRetryTimeout">,
  reset: ResetReason,
  failures: number,
) {
  const stats = new Stats();
  const exchange = {
    request: { method: "GET", path: "/", headers: [], body: null },
    action: { retry_policy: retryPolicyOf({ maxRetries: 2, perRetryTimeout: { unit: "s", value: 5 }, ...events }) },
    cluster: { stats: new ClusterStats(stats, "cluster.c."), breakers: new CircuitBreakers(stats, "cluster.c.") },
    tried: new Set(),
    retries: 0,
    responseFlags: [],
  } as unknown as Exchange;
  let made = 0;
  const upstream: Dispatch = (_exchange, handler) => {
    made++;
    if (made <= failures) handler.onError({ kind: "reset", reset, decidedBy: "" }, false);
    else if (handler.onHeaders(200, [], () => {})) handler.onComplete(null);
    return () => {};
  };
  return new Promise<{ attempts: number; status?: number; failure?: Failure; retried?: boolean }>((resolve) => {
    retry(upstream)(exchange, {
      onHeaders: (status) => {
        resolve({ attempts: made, status });
        return true;
      },
      onData: () => true,
      onComplete: () => {},
      onError: (failure, retried) => resolve({ attempts: made, failure, retried }),
    });
  });
}

describe("retry events against failures", () => {
  it("stream-error retries a refused stream, and the request succeeds on the next attempt", async () => {
    const result = await attempts({ httpRetryEvents: ["stream-error"] }, RESETS.refusedStream, 1);
    assert.deepEqual(result, { attempts: 2, status: 200 });
  });

  it("stream-error alone does not retry another reset (a connection termination)", async () => {
    const result = await attempts({ httpRetryEvents: ["stream-error"] }, RESETS.termination, 1);
    assert.deepEqual(result, {
      attempts: 1,
      failure: { kind: "reset", reset: RESETS.termination, decidedBy: "" },
      retried: false,
    });
  });

  it("gateway-error retries resets of every kind (Envoy's reset condition), refused streams included", async () => {
    for (const reset of [RESETS.refusedStream, RESETS.termination, RESETS.remoteReset]) {
      const result = await attempts({ httpRetryEvents: ["gateway-error"] }, reset, 2);
      assert.deepEqual(result, { attempts: 3, status: 200 }, reset.reason);
    }
  });

  it("client-error retries no reset, and stops after maxRetries with the last failure, marked retried", async () => {
    const none = await attempts({ httpRetryEvents: ["client-error"] }, RESETS.refusedStream, 1);
    assert.equal(none.attempts, 1);
    const exhausted = await attempts({ httpRetryEvents: ["stream-error"] }, RESETS.refusedStream, 5);
    assert.deepEqual([exhausted.attempts, exhausted.retried], [3, true]);
  });

  it("never retries an overflow, whatever the events", async () => {
    const result = await attempts(
      {
        httpRetryEvents: ["server-error", "gateway-error", "stream-error"],
        tcpRetryEvents: ["connection-error"],
      },
      RESETS.overflow,
      1,
    );
    assert.equal(result.attempts, 1);
  });
});
