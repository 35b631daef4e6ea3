/**
 * A cluster's circuit breakers count as Envoy's resource manager: each `*_open` gauge is 1 exactly
 * while its resource is at the threshold, and a refusal bumps the overflow counter Envoy names.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Stats } from "../../../../src/dataplane/proxy/stats.js";
import { CircuitBreakers } from "../../../../src/dataplane/proxy/upstream/circuit-breakers.js";

const PREFIX = "cluster.c.";

function breakers(
  limits: Partial<Record<"max_connections" | "max_pending_requests" | "max_requests" | "max_retries", number>>,
  http2 = false,
) {
  const stats = new Stats();
  const cb = new CircuitBreakers(stats, PREFIX);
  const unlimited = 2147483647;
  cb.configure(
    {
      max_connections: unlimited,
      max_pending_requests: unlimited,
      max_requests: unlimited,
      max_retries: unlimited,
      ...limits,
    },
    http2,
  );
  const value = (name: string) => stats.entries().find(([n]) => n === `${PREFIX}${name}`)?.[1] as { value: number };
  return { cb, stats, value: (name: string) => value(name).value };
}

describe("circuit breakers", () => {
  it("publish Envoy's open gauges for both priorities, and no remaining_* (App Mesh set no track_remaining)", () => {
    const { stats } = breakers({});
    const names = stats
      .entries()
      .map(([name]) => name.slice(PREFIX.length))
      .filter((name) => name.startsWith("circuit_breakers."));
    assert.deepEqual(names, [
      "circuit_breakers.default.cx_open",
      "circuit_breakers.default.cx_pool_open",
      "circuit_breakers.default.rq_open",
      "circuit_breakers.default.rq_pending_open",
      "circuit_breakers.default.rq_retry_open",
      "circuit_breakers.high.cx_open",
      "circuit_breakers.high.cx_pool_open",
      "circuit_breakers.high.rq_open",
      "circuit_breakers.high.rq_pending_open",
      "circuit_breakers.high.rq_retry_open",
    ]);
  });

  it("HTTP/1: a request beyond max_connections waits (connection overflow), one beyond the pending ones overflows", () => {
    const { cb, value } = breakers({ max_connections: 1, max_pending_requests: 1 });
    assert.equal(cb.tryRequest(), true);
    cb.connectionOpened();
    assert.equal(value("circuit_breakers.default.cx_open"), 1);
    assert.equal(value("circuit_breakers.default.rq_pending_open"), 0);
    assert.equal(cb.tryRequest(), true);
    assert.equal(value("upstream_cx_overflow"), 1);
    assert.equal(value("circuit_breakers.default.rq_pending_open"), 1);
    assert.equal(cb.tryRequest(), false);
    assert.equal(value("upstream_rq_pending_overflow"), 1);
    cb.releaseRequest();
    assert.equal(value("circuit_breakers.default.rq_pending_open"), 0);
    cb.connectionClosed();
    assert.equal(value("circuit_breakers.default.cx_open"), 0);
  });

  it("HTTP/2: max_requests at once, rq_open while there", () => {
    const { cb, value } = breakers({ max_requests: 2 }, true);
    assert.equal(cb.tryRequest(), true);
    assert.equal(value("circuit_breakers.default.rq_open"), 0);
    assert.equal(cb.tryRequest(), true);
    assert.equal(value("circuit_breakers.default.rq_open"), 1);
    assert.equal(cb.tryRequest(), false);
    assert.equal(value("upstream_rq_pending_overflow"), 1);
    assert.equal(value("upstream_cx_overflow"), 0);
    cb.releaseRequest();
    assert.equal(value("circuit_breakers.default.rq_open"), 0);
  });

  it("max_retries: retries under way beyond it overflow, rq_retry_open while at it", () => {
    const { cb, value } = breakers({ max_retries: 1 });
    assert.equal(cb.tryRetry(), true);
    assert.equal(value("circuit_breakers.default.rq_retry_open"), 1);
    assert.equal(cb.tryRetry(), false);
    assert.equal(value("upstream_rq_retry_overflow"), 1);
    cb.releaseRetry();
    assert.equal(value("circuit_breakers.default.rq_retry_open"), 0);
    assert.equal(cb.tryRetry(), true);
  });

  it("TCP: a connection beyond max_connections is refused as a connection overflow", () => {
    const { cb, value } = breakers({ max_connections: 1 });
    assert.equal(cb.tryConnection(), true);
    cb.connectionOpened();
    assert.equal(cb.tryConnection(), false);
    assert.equal(value("upstream_cx_overflow"), 1);
    assert.equal(value("upstream_rq_pending_overflow"), 0);
  });
});
