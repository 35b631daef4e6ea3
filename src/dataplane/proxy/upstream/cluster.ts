/**
 * A cluster at run time: its hosts (from its load assignment, or made on demand for ORIGINAL_DST),
 * round-robin selection that can avoid hosts already tried, and Envoy's cluster stats. A config update
 * keeps the hosts that stay (and their warm connections) and lets the others finish what they carry.
 */
import type { Cluster, ClusterLoadAssignment } from "../../envoy/cluster.js";
import { meshObjectOf } from "../../envoy/mesh-object.js";
import type { Counter, Gauge, Histogram, Stats } from "../stats.js";
import { UpstreamHost } from "./host.js";

/** Parses Envoy's duration string ("1s", "0.250s") into milliseconds. */
export function durationMs(duration: string | undefined, fallback: number): number {
  if (duration === undefined) return fallback;
  const seconds = Number.parseFloat(duration);
  return Number.isFinite(seconds) ? seconds * 1000 : fallback;
}

export class ClusterStats {
  readonly rqTotal: Counter;
  readonly rqActive: Gauge;
  readonly rqCompleted: Counter;
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
  readonly rqTime: Histogram;
  private readonly byCode = new Map<number, Counter>();
  private readonly byClass: Counter[];

  constructor(
    private readonly stats: Stats,
    private readonly prefix: string,
  ) {
    const c = (name: string) => stats.counter(`${prefix}${name}`);
    const g = (name: string) => stats.gauge(`${prefix}${name}`);
    this.rqTotal = c("upstream_rq_total");
    this.rqActive = g("upstream_rq_active");
    this.rqCompleted = c("upstream_rq_completed");
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
    this.rqTime = stats.histogram(`${prefix}upstream_rq_time`);
    this.byClass = [1, 2, 3, 4, 5].map((n) => c(`upstream_rq_${n}xx`));
  }

  /** upstream_rq_<code> and upstream_rq_<N>xx for one response. */
  response(status: number): void {
    let counter = this.byCode.get(status);
    if (!counter) {
      counter = this.stats.counter(`${this.prefix}upstream_rq_${status}`);
      this.byCode.set(status, counter);
    }
    counter.value++;
    const kind = this.byClass[Math.floor(status / 100) - 1];
    if (kind) kind.value++;
  }
}

export class ClusterRuntime {
  config: Cluster;
  readonly stats: ClusterStats;
  /** What local replies about this cluster name: the virtual node it stands for. */
  object: string;
  private hosts: UpstreamHost[] = [];
  private readonly byAddress = new Map<string, UpstreamHost>();
  private next = 0;

  constructor(config: Cluster, stats: Stats) {
    this.config = config;
    this.object = meshObjectOf(config.metadata)?.object ?? config.name;
    this.stats = new ClusterStats(stats, `cluster.${config.name}.`);
  }

  get http2(): boolean {
    return this.config.typed_extension_protocol_options !== undefined;
  }

  get originalDestination(): boolean {
    return this.config.type === "ORIGINAL_DST";
  }

  /** The hosts, in assignment order. */
  members(): readonly UpstreamHost[] {
    return this.hosts;
  }

  /** A new config and assignment: hosts that stay keep their connections; those that go finish and close. */
  update(config: Cluster, assignment: ClusterLoadAssignment | undefined): void {
    this.config = config;
    this.object = meshObjectOf(config.metadata)?.object ?? config.name;
    if (config.type === "ORIGINAL_DST") return;
    const source = assignment ?? config.load_assignment;
    const addresses = (source?.endpoints ?? []).flatMap((locality) =>
      locality.lb_endpoints
        .filter((lb) => lb.health_status !== "UNHEALTHY")
        .map((lb) => `${lb.endpoint.address.socket_address.address}:${lb.endpoint.address.socket_address.port_value}`),
    );
    const wanted = new Set(addresses);
    for (const [address, host] of this.byAddress) {
      if (!wanted.has(address)) {
        this.byAddress.delete(address);
        void host.close();
      }
    }
    this.hosts = addresses.map((address) => this.byAddress.get(address) ?? this.create(address));
    this.stats.membershipTotal.value = this.hosts.length;
    this.stats.membershipHealthy.value = this.hosts.length;
  }

  /** Round robin over the hosts, avoiding `tried` when another host is left (Envoy's previous_hosts). */
  pick(tried: ReadonlySet<UpstreamHost> | undefined, attempts = 5): UpstreamHost | undefined {
    const hosts = this.hosts;
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
    const hosts = [...this.byAddress.values()];
    this.byAddress.clear();
    this.hosts = [];
    await Promise.all(hosts.map((host) => host.close()));
  }

  private create(address: string): UpstreamHost {
    const stats = this.stats;
    const limit = this.config.circuit_breakers.thresholds[0]?.max_connections;
    const host = new UpstreamHost({
      address,
      http2: this.http2,
      connectTimeoutMs: durationMs(this.config.connect_timeout, 5000),
      maxConnections: limit === undefined || limit >= 2147483647 ? null : limit,
      onConnect: () => {
        stats.cxTotal.value++;
        stats.cxActive.value++;
      },
      onDisconnect: () => {
        stats.cxActive.value--;
      },
      onConnectFail: () => {
        stats.cxConnectFail.value++;
      },
    });
    this.byAddress.set(address, host);
    return host;
  }
}
