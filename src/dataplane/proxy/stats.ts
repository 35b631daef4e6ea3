/**
 * Envoy's stats for one proxy: counters, gauges and histograms by Envoy's names (dataplane.md §16).
 * Handles are created once (a cluster's, a listener's) and bumped on the hot path as plain fields.
 */

/** Envoy's default histogram buckets, in milliseconds. */
export const BUCKETS = [
  0.5, 1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000, 300000, 600000, 1800000, 3600000,
];

export class Counter {
  value = 0;
}

export class Gauge {
  value = 0;
}

export class Histogram {
  readonly counts = new Array<number>(BUCKETS.length + 1).fill(0);
  count = 0;
  sum = 0;

  record(ms: number): void {
    let i = 0;
    while (i < BUCKETS.length && ms > (BUCKETS[i] as number)) i++;
    this.counts[i] = (this.counts[i] ?? 0) + 1;
    this.count++;
    this.sum += ms;
  }

  /** The value below which `q` (0–1) of the samples fall, interpolated within its bucket. */
  quantile(q: number): number {
    if (this.count === 0) return Number.NaN;
    const rank = q * this.count;
    let seen = 0;
    for (let i = 0; i < this.counts.length; i++) {
      const inBucket = this.counts[i] as number;
      if (seen + inBucket >= rank && inBucket > 0) {
        const low = i === 0 ? 0 : (BUCKETS[i - 1] as number);
        const high = BUCKETS[i] ?? low * 2;
        return low + ((high - low) * (rank - seen)) / inBucket;
      }
      seen += inBucket;
    }
    return BUCKETS.at(-1) as number;
  }
}

export type Stat = Counter | Gauge | Histogram;

export class Stats {
  private readonly stats = new Map<string, Stat>();
  /** Text readouts (`rds.<name>.version_text`). */
  readonly texts = new Map<string, string>();

  counter(name: string): Counter {
    return this.get(name, Counter);
  }

  gauge(name: string): Gauge {
    return this.get(name, Gauge);
  }

  histogram(name: string): Histogram {
    return this.get(name, Histogram);
  }

  /** Every stat, sorted by name. */
  entries(): [string, Stat][] {
    return [...this.stats].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  }

  /** POST /reset_counters: counters back to 0, gauges untouched. */
  resetCounters(): void {
    for (const stat of this.stats.values()) if (stat instanceof Counter) stat.value = 0;
  }

  private get<T extends Stat>(name: string, kind: new () => T): T {
    const stat = this.stats.get(name);
    if (stat instanceof kind) return stat;
    const created = new kind();
    this.stats.set(name, created);
    return created;
  }
}
