/**
 * A listener whose filter chain is a tcp_proxy: each connection goes, whole, to a host of a cluster
 * (by weight among the chain's clusters; for ORIGINAL_DST, where the listener stands in front of),
 * and closes after the idle timeout. A connection that cannot be made is closed, as Envoy does;
 * the cluster's circuit breakers (max_connections) refuse connections beyond them. TLS on the chain is
 * terminated first (see tls/downstream.ts); a cluster that originates TLS gets it.
 */

import type { Server, Socket } from "node:net";
import { hostPort } from "../envoy/common.js";
import type { Listener, TcpProxy } from "../envoy/listener.js";
import { TCP_PROXY } from "../envoy/listener.js";
import { ORIGINAL_DESTINATION } from "../envoy/mesh-object.js";
import { closeWithin } from "./close-within.js";
import { durationMs } from "./durations.js";
import type { ProxyContext } from "./http-connection-manager.js";
import type { Counter, Gauge } from "./stats.js";
import type { WithTls } from "./tls/contexts.js";
import { DownstreamTls } from "./tls/downstream.js";

export class TcpListener {
  private proxyConfig: TcpProxy | undefined;
  private originalDestination: string | undefined;
  private readonly sockets = new Set<Socket>();
  private cxTotal: Counter | undefined;
  private cxActive: Gauge | undefined;
  private tls: DownstreamTls | undefined;
  private draining = false;

  constructor(
    public config: Listener,
    private readonly server: Server,
    private readonly proxy: ProxyContext & WithTls,
  ) {
    this.update(config);
    server.on("connection", (socket: Socket) => this.accept(socket));
  }

  update(config: Listener): void {
    this.config = config;
    const filter = config.filter_chains[0]?.filters.find((f) => f.name === TCP_PROXY);
    this.proxyConfig = filter?.name === TCP_PROXY ? filter.typed_config : undefined;
    const original = config.metadata?.filter_metadata[ORIGINAL_DESTINATION] as
      | { address: string; port_value: number }
      | undefined;
    this.originalDestination = original ? hostPort(original) : undefined;
    const prefix = `tcp.${this.proxyConfig?.stat_prefix ?? "tcp"}.`;
    this.cxTotal = this.proxy.stats.counter(`${prefix}downstream_cx_total`);
    this.cxActive = this.proxy.stats.gauge(`${prefix}downstream_cx_active`);
    const { address, port_value } = config.address.socket_address;
    this.tls = DownstreamTls.forListener(config, this.tls, this.proxy, `listener.${address}_${port_value}.`, (stream) =>
      this.forward(stream),
    );
  }

  async drain(graceMs: number): Promise<void> {
    this.draining = true;
    await closeWithin(this.server, this.sockets, graceMs);
  }

  close(): void {
    this.server.close();
    for (const socket of this.sockets) socket.destroy();
  }

  private accept(downstream: Socket): void {
    if (this.draining || !this.proxyConfig) {
      downstream.destroy();
      return;
    }
    downstream.on("error", () => {});
    if (this.tls) this.tls.accept(downstream);
    else this.forward(downstream);
  }

  /** The connection (decrypted, under TLS) to a host of the chain's cluster. */
  private forward(downstream: Socket): void {
    const config = this.proxyConfig;
    if (this.draining || !config) {
      downstream.destroy();
      return;
    }
    const clusters =
      config.weighted_clusters?.clusters ?? (config.cluster ? [{ name: config.cluster, weight: 1 }] : []);
    const chosen = weightedPick(clusters, Math.random());
    const cluster = chosen && this.proxy.clusters.get(chosen.name);
    const host = cluster?.originalDestination
      ? cluster.hostFor(this.originalDestination ?? "")
      : cluster?.pick(undefined);
    if (!cluster || !host || !cluster.breakers.tryConnection()) {
      downstream.destroy();
      return;
    }
    (this.cxTotal as Counter).value++;
    (this.cxActive as Gauge).value++;
    this.sockets.add(downstream);
    cluster.breakers.connectionOpened();
    cluster.stats.cxTotal.value++;
    cluster.stats.cxActive.value++;
    const upstream = host.openSocket(
      () => {
        downstream.pipe(upstream);
        upstream.pipe(downstream);
      },
      () => {
        cluster.stats.cxConnectFail.value++;
        downstream.destroy();
      },
    );
    const idleMs = durationMs(config.idle_timeout, 3_600_000);
    if (idleMs > 0) {
      downstream.setTimeout(idleMs, () => downstream.destroy());
      upstream.setTimeout(idleMs, () => upstream.destroy());
    }
    upstream.on("error", () => downstream.destroy());
    let closed = false;
    const close = () => {
      if (closed) return;
      closed = true;
      this.sockets.delete(downstream);
      (this.cxActive as Gauge).value--;
      cluster.breakers.connectionClosed();
      cluster.stats.cxActive.value--;
      upstream.destroy();
      downstream.destroy();
    };
    downstream.once("close", close);
    upstream.once("close", close);
  }
}

/** The cluster a connection goes to: `random` in [0, 1) falls within one cluster's share of the weights. */
function weightedPick<T extends { weight: number }>(clusters: T[], random: number): T | undefined {
  const total = clusters.reduce((sum, c) => sum + c.weight, 0);
  let left = random * total;
  for (const cluster of clusters) {
    if (left < cluster.weight) return cluster;
    left -= cluster.weight;
  }
  return clusters[0];
}
