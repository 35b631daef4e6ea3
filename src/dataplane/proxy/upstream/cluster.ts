/**
 * A cluster at run time: its hosts (from its load assignment, or made on demand for ORIGINAL_DST),
 * round-robin selection over the usable ones (not ejected, not failing health checks; all of them in
 * Envoy's panic mode, when fewer than half are usable) that can avoid hosts already tried, its circuit
 * breakers, and Envoy's cluster stats. A config update keeps the hosts that stay (and their warm
 * connections) and lets the others finish what they carry.
 */

import type { Cluster, ClusterLoadAssignment } from "../../envoy/cluster.js";
import { hostPort } from "../../envoy/common.js";
import { meshObjectOf } from "../../envoy/mesh-object.js";
import { durationMs } from "../durations.js";
import type { Counter, Gauge, Histogram, Stats } from "../stats.js";
import type { LoadedTls, TlsContexts } from "../tls/contexts.js";
import { SslStats } from "../tls/ssl-stats.js";
import type { UpstreamTls } from "../tls/upstream.js";
import { CircuitBreakers } from "./circuit-breakers.js";
import { HealthChecker } from "./health-checker.js";
import { UpstreamHost } from "./host.js";
import { OutlierDetector } from "./outlier-detector.js";

export class ClusterStats {
  readonly rqTotal: Counter;
  readonly rqActive: Gauge;
  readonly rqTimeout: Counter;
  readonly rqRetry: Counter;
  readonly rqRetrySuccess: Counter;
  readonly rqRetryLimitExceeded: Counter;
  readonly cxTotal: Counter;
  readonly cxActive: Gauge;
  readonly cxConnectFail: Counter;
  readonly noneHealthy: Counter;
  readonly membershipTotal: Gauge;
  readonly membershipHealthy: Gauge;
  readonly lbHealthyPanic: Counter;
  readonly rqPerTryTimeout: Counter;
  readonly rqTime: Histogram;
  private readonly byStatus = new Map<number, Counter[]>();

  constructor(
    private readonly stats: Stats,
    private readonly prefix: string,
  ) {
    const c = (name: string) => stats.counter(`${prefix}${name}`);
    const g = (name: string) => stats.gauge(`${prefix}${name}`);
    this.rqTotal = c("upstream_rq_total");
    this.rqActive = g("upstream_rq_active");
    // A static stat in Envoy, shown before any response; response() bumps it.
    c("upstream_rq_completed");
    this.rqTimeout = c("upstream_rq_timeout");
    this.rqRetry = c("upstream_rq_retry");
    this.rqRetrySuccess = c("upstream_rq_retry_success");
    this.rqRetryLimitExceeded = c("upstream_rq_retry_limit_exceeded");
    this.cxTotal = c("upstream_cx_total");
    this.cxActive = g("upstream_cx_active");
    this.cxConnectFail = c("upstream_cx_connect_fail");
    this.noneHealthy = c("upstream_cx_none_healthy");
    this.membershipTotal = g("membership_total");
    this.membershipHealthy = g("membership_healthy");
    this.lbHealthyPanic = c("lb_healthy_panic");
    this.rqPerTryTimeout = c("upstream_rq_per_try_timeout");
    this.rqTime = stats.histogram(`${prefix}upstream_rq_time`);
  }

  /**
   * The status of a request's last attempt (or of its failure: 503, 504): upstream_rq_completed,
   * upstream_rq_<code>, upstream_rq_<N>xx.
   */
  response(status: number): void {
    for (const counter of this.charged(status, "")) counter.value++;
  }

  /** The status of an attempt that is retried: the same under `retry.`. */
  retried(status: number): void {
    for (const counter of this.charged(-status, "retry.")) counter.value++;
  }

  /** The counters a status bumps, made on first use as Envoy's dynamic stats are (retried ones keyed negative). */
  private charged(key: number, scope: string): Counter[] {
    let counters = this.byStatus.get(key);
    if (!counters) {
      const status = Math.abs(key);
      const names = [
        "completed",
        String(status),
        ...(status >= 100 && status < 600 ? [`${Math.floor(status / 100)}xx`] : []),
      ];
      counters = names.map((name) => this.stats.counter(`${this.prefix}${scope}upstream_rq_${name}`));
      this.byStatus.set(key, counters);
    }
    return counters;
  }
}

export class ClusterRuntime {
  config: Cluster;
  readonly stats: ClusterStats;
  /** What local replies about this cluster name: the virtual node it stands for. */
  object: string;
  readonly breakers: CircuitBreakers;
  private hosts: UpstreamHost[] = [];
  /** The hosts round robin takes, refreshed whenever a host's health changes. */
  private usable: UpstreamHost[] = [];
  private readonly byAddress = new Map<string, UpstreamHost>();
  private next = 0;
  private outliers: OutlierDetector | undefined;
  private checker: HealthChecker | undefined;
  private readonly statsStore: Stats;
  /** The TLS the cluster originates, if any. */
  private tls: UpstreamTls | undefined;

  constructor(
    config: Cluster,
    stats: Stats,
    private readonly tlsContexts: TlsContexts,
  ) {
    this.config = config;
    this.object = meshObjectOf(config.metadata)?.object ?? config.name;
    this.statsStore = stats;
    this.stats = new ClusterStats(stats, `cluster.${config.name}.`);
    this.breakers = new CircuitBreakers(stats, `cluster.${config.name}.`);
  }

  get http2(): boolean {
    return this.config.typed_extension_protocol_options !== undefined;
  }

  get originalDestination(): boolean {
    return this.config.type === "ORIGINAL_DST";
  }

  /** The hosts, in assignment order (ORIGINAL_DST: those made so far, as Envoy's `/clusters` lists them). */
  members(): readonly UpstreamHost[] {
    return this.originalDestination ? [...this.byAddress.values()] : this.hosts;
  }

  /** A new config and assignment: hosts that stay keep their connections; those that go finish and close. */
  update(config: Cluster, assignment: ClusterLoadAssignment | undefined): void {
    this.config = config;
    this.object = meshObjectOf(config.metadata)?.object ?? config.name;
    this.breakers.configure(config.circuit_breakers.thresholds[0], this.http2);
    this.updateTls(config.transport_socket ? this.tlsContexts.get(config.transport_socket) : undefined);
    if (config.type === "ORIGINAL_DST") return;
    const source = assignment ?? config.load_assignment;
    const addresses = (source?.endpoints ?? []).flatMap((locality) =>
      locality.lb_endpoints
        .filter((lb) => lb.health_status !== "UNHEALTHY")
        .map((lb) => hostPort(lb.endpoint.address.socket_address)),
    );
    const wanted = new Set(addresses);
    for (const [address, host] of this.byAddress) {
      if (!wanted.has(address)) {
        this.byAddress.delete(address);
        void host.close();
      }
    }
    this.hosts = addresses.map((address) => this.byAddress.get(address) ?? this.create(address));
    this.applyHealthPolicies(config);
    this.refresh();
  }

  /** A response (or failure) of one of this cluster's hosts, for outlier detection. */
  record(host: UpstreamHost, serverError: boolean): void {
    this.outliers?.record(host.health, serverError);
  }

  /**
   * Round robin over the usable hosts (all hosts in panic), avoiding `tried` when another host is
   * left (Envoy's previous_hosts predicate).
   */
  pick(tried: ReadonlySet<UpstreamHost> | undefined, attempts = 5): UpstreamHost | undefined {
    let hosts = this.usable;
    if (hosts.length < this.hosts.length) {
      const threshold = this.config.common_lb_config?.healthy_panic_threshold?.value ?? 50;
      if (hosts.length * 100 < threshold * this.hosts.length) {
        this.stats.lbHealthyPanic.value++;
        hosts = this.hosts;
      }
    }
    if (hosts.length === 0) return undefined;
    let host = hosts[this.next++ % hosts.length] as UpstreamHost;
    for (let i = 1; tried?.has(host) && i < Math.min(attempts, hosts.length); i++) {
      host = hosts[this.next++ % hosts.length] as UpstreamHost;
    }
    return host;
  }

  /** ORIGINAL_DST: the host for a destination, made on first use. */
  hostFor(address: string): UpstreamHost {
    return this.byAddress.get(address) ?? this.create(address);
  }

  /** Lets what is in flight finish, then closes every connection. */
  async close(): Promise<void> {
    this.outliers?.close();
    this.checker?.close();
    const hosts = [...this.byAddress.values()];
    this.byAddress.clear();
    this.hosts = [];
    await Promise.all(hosts.map((host) => host.close()));
  }

  /** Another TLS context (or none where there was one): every host connects anew with it. */
  private updateTls(loaded: LoadedTls | undefined): void {
    if (loaded === this.tls?.loaded) return;
    const stats = this.tls?.stats ?? new SslStats(this.statsStore, `cluster.${this.config.name}.ssl.`);
    this.tls = loaded ? { loaded, stats } : undefined;
    for (const [address, host] of this.byAddress) {
      this.byAddress.delete(address);
      void host.close();
    }
  }

  /** Outlier detection and active health checks follow the cluster's config, kept across updates. */
  private applyHealthPolicies(config: Cluster): void {
    const prefix = `cluster.${config.name}.`;
    const outlier = config.outlier_detection;
    if (!outlier) {
      this.outliers?.close();
      this.outliers = undefined;
      for (const host of this.hosts) host.health.ejectedUntil = 0;
    } else if (this.outliers) this.outliers.update(outlier);
    else
      this.outliers = new OutlierDetector(
        outlier,
        () => this.hosts,
        () => this.refresh(),
        this.statsStore,
        prefix,
      );
    const check = config.health_checks?.[0];
    if (!check) {
      this.checker?.close();
      this.checker = undefined;
      for (const host of this.hosts) host.health.activeCheck = undefined;
    } else {
      if (this.checker) this.checker.update(check);
      else
        this.checker = new HealthChecker(
          check,
          config.name,
          () => this.hosts,
          () => this.refresh(),
          this.statsStore,
          prefix,
        );
      for (const host of this.hosts) this.checker.adopt(host.health);
    }
  }

  /** Recomputes the usable hosts after a health change. */
  private refresh(): void {
    this.usable = this.hosts.filter((host) => host.health.usable);
    this.stats.membershipTotal.value = this.hosts.length;
    this.stats.membershipHealthy.value = this.usable.length;
  }

  private create(address: string): UpstreamHost {
    const { stats, breakers } = this;
    const limit = this.config.circuit_breakers.thresholds[0]?.max_connections;
    const host = new UpstreamHost({
      address,
      http2: this.http2,
      connectTimeoutMs: durationMs(this.config.connect_timeout, 5000),
      maxConnections: limit === undefined || limit >= 2147483647 ? null : limit,
      ...(this.tls ? { tls: this.tls } : {}),
      onConnect: () => {
        stats.cxTotal.value++;
        stats.cxActive.value++;
        breakers.connectionOpened();
      },
      onDisconnect: () => {
        stats.cxActive.value--;
        breakers.connectionClosed();
      },
      onStreamStart: () => {
        stats.rqTotal.value++;
        stats.rqActive.value++;
      },
      onStreamEnd: () => {
        stats.rqActive.value--;
      },
      onConnectFail: () => {
        stats.cxConnectFail.value++;
      },
    });
    this.byAddress.set(address, host);
    return host;
  }
}
