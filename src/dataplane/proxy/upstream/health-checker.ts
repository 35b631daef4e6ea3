/**
 * Active health checks, run by the caller on every host of a cluster as App Mesh's client Envoys ran
 * them (dataplane.md §9): an HTTP GET of the path (HTTP/1.1, or HTTP/2 with codec HTTP2) where only 200
 * is healthy, gRPC's grpc.health.v1.Health/Check where only SERVING is, or a TCP connect. One success
 * marks a new host healthy; after that `unhealthy_threshold` failures in a row fail it and
 * `healthy_threshold` successes bring it back. Checks go over TLS when the cluster originates it, as
 * Envoy's use the cluster's transport socket.
 */

import { request } from "node:http";
import { connect as http2Connect } from "node:http2";
import { connect } from "node:net";
import type { HealthCheck } from "../../envoy/cluster.js";
import { splitHostPort } from "../../envoy/common.js";
import { durationMs } from "../durations.js";
import type { Counter, Gauge, Stats } from "../stats.js";
import { connectTls, type UpstreamTls } from "../tls/upstream.js";
import type { HostHealth } from "./host-health.js";

interface Checked {
  address: string;
  health: HostHealth;
  tls?: UpstreamTls | undefined;
}

/** grpc.health.v1.HealthCheckRequest {} in a gRPC frame. */
const GRPC_CHECK = Buffer.from([0, 0, 0, 0, 0]);
/** A HealthCheckResponse framed, status SERVING (field 1, varint 1). */
const GRPC_SERVING = Buffer.from([0, 0, 0, 0, 2, 8, 1]);

export class HealthChecker {
  private timer: NodeJS.Timeout | undefined;
  private readonly attempt: Counter;
  private readonly success: Counter;
  private readonly failure: Counter;
  private readonly networkFailure: Counter;
  private readonly healthy: Gauge;
  private closed = false;

  constructor(
    private check: HealthCheck,
    private readonly cluster: string,
    private readonly hosts: () => readonly Checked[],
    private readonly changed: () => void,
    stats: Stats,
    prefix: string,
  ) {
    this.attempt = stats.counter(`${prefix}health_check.attempt`);
    this.success = stats.counter(`${prefix}health_check.success`);
    this.failure = stats.counter(`${prefix}health_check.failure`);
    this.networkFailure = stats.counter(`${prefix}health_check.network_failure`);
    this.healthy = stats.gauge(`${prefix}health_check.healthy`);
    this.schedule(0);
  }

  update(check: HealthCheck): void {
    this.check = check;
  }

  /** A host the checker has not seen yet starts pending: unusable until its first success. */
  adopt(health: HostHealth): void {
    health.activeCheck ??= "pending";
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
  }

  private schedule(ms: number): void {
    if (this.closed) return;
    this.timer = setTimeout(() => void this.round(), ms);
    this.timer.unref();
  }

  private async round(): Promise<void> {
    const hosts = this.hosts();
    await Promise.all(hosts.map((host) => this.probe(host)));
    this.healthy.value = hosts.filter((host) => host.health.activeCheck === "healthy").length;
    this.schedule(durationMs(this.check.interval, 5000));
  }

  private async probe({ address, health, tls }: Checked): Promise<void> {
    this.attempt.value++;
    const outcome = await probe(this.check, address, tls, this.cluster).catch(() => "network" as const);
    if (this.closed) return;
    const before = health.activeCheck;
    if (outcome === "healthy") {
      this.success.value++;
      health.checksFailed = 0;
      health.checksPassed++;
      if (before === "pending" || health.checksPassed >= this.check.healthy_threshold) health.activeCheck = "healthy";
    } else {
      (outcome === "network" ? this.networkFailure : this.failure).value++;
      health.checksPassed = 0;
      health.checksFailed++;
      if (before === "healthy" && health.checksFailed >= this.check.unhealthy_threshold) health.activeCheck = "failed";
    }
    if (health.activeCheck !== before) this.changed();
  }
}

type Outcome = "healthy" | "unhealthy" | "network";

/** One check of one host, bounded by the check's timeout. */
function probe(check: HealthCheck, address: string, tls: UpstreamTls | undefined, cluster: string): Promise<Outcome> {
  const { host, port } = splitHostPort(address);
  const timeout = durationMs(check.timeout, 2000);
  // Over TLS the connection is made here (and checked, like any other) and handed to the client.
  const secure = (alpn: string[] | undefined) =>
    tls ? { createConnection: () => connectTls(tls, host, port, alpn, timeout, () => {}) } : {};
  return new Promise((resolve) => {
    const timer = setTimeout(() => finish("network"), timeout);
    let cleanup: () => void = () => {};
    const finish = (outcome: Outcome) => {
      clearTimeout(timer);
      cleanup();
      resolve(outcome);
    };
    if (check.tcp_health_check) {
      const socket = tls
        ? connectTls(tls, host, port, undefined, timeout, (error) => finish(error ? "network" : "healthy"))
        : connect(port, host, () => finish("healthy"));
      socket.on("error", () => finish("network"));
      cleanup = () => socket.destroy();
    } else if (check.grpc_health_check || check.http_health_check?.codec_client_type === "HTTP2") {
      const session = http2Connect(`${tls ? "https" : "http"}://${address}`, secure(["h2"]));
      session.on("error", () => finish("network"));
      cleanup = () => session.destroy();
      const grpc = check.grpc_health_check !== undefined;
      const stream = session.request(
        grpc
          ? {
              ":method": "POST",
              ":path": "/grpc.health.v1.Health/Check",
              ":authority": cluster,
              "content-type": "application/grpc",
              te: "trailers",
            }
          : { ":path": check.http_health_check?.path ?? "/", ":authority": cluster },
      );
      const chunks: Buffer[] = [];
      let status = 0;
      stream.on("response", (headers) => (status = Number(headers[":status"])));
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        if (!grpc) return finish(status === 200 ? "healthy" : "unhealthy");
        finish(status === 200 && Buffer.concat(chunks).equals(GRPC_SERVING) ? "healthy" : "unhealthy");
      });
      stream.on("error", () => finish("network"));
      stream.end(grpc ? GRPC_CHECK : undefined);
    } else {
      const req = request(
        {
          host,
          port,
          path: check.http_health_check?.path ?? "/",
          headers: { host: cluster, "user-agent": "Envoy/HC" },
          ...secure(["http/1.1"]),
        },
        (res) => {
          res.resume();
          finish(res.statusCode === 200 ? "healthy" : "unhealthy");
        },
      );
      req.on("error", () => finish("network"));
      cleanup = () => req.destroy();
      req.end();
    }
  });
}
