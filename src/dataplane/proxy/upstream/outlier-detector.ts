/**
 * Envoy's outlier detection as App Mesh configured it on callers' clusters: a host that answers
 * `consecutive_5xx` server errors in a row (connect failures and resets count) is ejected for
 * base_ejection_time × the times it was ejected, unless that would eject more than
 * max_ejection_percent of the hosts; every `interval`, hosts whose time is up come back.
 */
import type { OutlierDetection } from "../../envoy/cluster.js";
import { durationMs } from "../durations.js";
import type { Counter, Gauge, Stats } from "../stats.js";
import type { HostHealth } from "./host-health.js";

/** Envoy's cap on one ejection (max_ejection_time's default). */
const MAX_EJECTION_MS = 300_000;

export class OutlierDetector {
  private readonly timer: NodeJS.Timeout;
  private readonly active: Gauge;
  private readonly enforced: Counter;
  private readonly detected: Counter;
  private readonly overflow: Counter;
  private readonly enforcedTotal: Counter;

  constructor(
    private config: OutlierDetection,
    private readonly hosts: () => readonly { health: HostHealth }[],
    private readonly changed: () => void,
    stats: Stats,
    prefix: string,
  ) {
    this.active = stats.gauge(`${prefix}outlier_detection.ejections_active`);
    this.enforced = stats.counter(`${prefix}outlier_detection.ejections_enforced_consecutive_5xx`);
    this.detected = stats.counter(`${prefix}outlier_detection.ejections_detected_consecutive_5xx`);
    this.overflow = stats.counter(`${prefix}outlier_detection.ejections_overflow`);
    this.enforcedTotal = stats.counter(`${prefix}outlier_detection.ejections_enforced_total`);
    this.timer = setInterval(() => this.sweep(), durationMs(config.interval, 10_000));
    this.timer.unref();
  }

  update(config: OutlierDetection): void {
    this.config = config;
  }

  /** One response (or failure) from a host: a server error, or anything else. */
  record(health: HostHealth, serverError: boolean): void {
    if (!serverError) {
      health.consecutive5xx = 0;
      return;
    }
    health.consecutive5xx++;
    if (health.consecutive5xx < this.config.consecutive_5xx || health.ejected) return;
    health.consecutive5xx = 0;
    this.detected.value++;
    const hosts = this.hosts();
    const ejected = hosts.filter((h) => h.health.ejected).length;
    if ((100 * ejected) / hosts.length >= this.config.max_ejection_percent) {
      this.overflow.value++;
      return;
    }
    health.timesEjected++;
    const base = durationMs(this.config.base_ejection_time, 30_000);
    health.ejectedUntil = Date.now() + Math.min(base * health.timesEjected, Math.max(base, MAX_EJECTION_MS));
    this.enforced.value++;
    this.enforcedTotal.value++;
    this.active.value++;
    this.changed();
  }

  /** Brings back hosts whose ejection is over. */
  sweep(now = Date.now()): void {
    let changed = false;
    for (const { health } of this.hosts()) {
      if (health.ejected && health.ejectedUntil <= now) {
        health.ejectedUntil = 0;
        this.active.value--;
        changed = true;
      }
    }
    if (changed) this.changed();
  }

  close(): void {
    clearInterval(this.timer);
  }
}
