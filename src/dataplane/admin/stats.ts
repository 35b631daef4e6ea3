/**
 * /stats in Envoy's three forms: text (readouts quoted first, then counters and gauges by name, then
 * histograms as percentiles), JSON, and Prometheus with Envoy's tag extraction (dataplane.md §16).
 * `?filter=` (a regex), `?usedonly` and `?type=` narrow every form.
 */
import type { ProxyServer } from "../proxy/proxy.js";
import { BUCKETS, Counter, Gauge, Histogram, type Stat } from "../proxy/stats.js";

const PERCENTILES = [0, 25, 50, 75, 90, 95, 99, 99.5, 99.9, 100];

function selected(proxy: ProxyServer, query: URLSearchParams): [string, Stat][] {
  const filter = query.get("filter");
  const pattern = filter ? new RegExp(filter) : undefined;
  const usedOnly = query.has("usedonly");
  const type = query.get("type");
  return proxy.stats.entries().filter(([name, stat]) => {
    if (pattern && !pattern.test(name)) return false;
    if (usedOnly && (stat instanceof Histogram ? stat.count === 0 : stat.value === 0)) return false;
    if (type === "Counters" && !(stat instanceof Counter)) return false;
    if (type === "Gauges" && !(stat instanceof Gauge)) return false;
    if (type === "Histograms" && !(stat instanceof Histogram)) return false;
    return true;
  });
}

function percentiles(histogram: Histogram): string {
  if (histogram.count === 0) return "No recorded values";
  return PERCENTILES.map((p) => `P${p}(nan,${round(histogram.quantile(p / 100))})`).join(" ");
}

function round(value: number): string {
  return Number.isInteger(value) ? value.toFixed(1) : String(Number(value.toPrecision(4)));
}

export function statsText(proxy: ProxyServer, query: URLSearchParams): string {
  const stats = selected(proxy, query);
  const lines: string[] = [];
  const filter = query.get("filter");
  const pattern = filter ? new RegExp(filter) : undefined;
  for (const [name, text] of [...proxy.stats.texts].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (!pattern || pattern.test(name)) lines.push(`${name}: "${text}"`);
  }
  for (const [name, stat] of stats) if (!(stat instanceof Histogram)) lines.push(`${name}: ${stat.value}`);
  for (const [name, stat] of stats) if (stat instanceof Histogram) lines.push(`${name}: ${percentiles(stat)}`);
  return lines.length ? `${lines.join("\n")}\n` : "";
}

export function statsJson(proxy: ProxyServer, query: URLSearchParams): unknown {
  const stats = selected(proxy, query);
  const values = stats
    .filter(([, stat]) => !(stat instanceof Histogram))
    .map(([name, stat]) => ({ name, value: (stat as Counter).value }));
  const histograms = stats.filter(([, stat]) => stat instanceof Histogram) as [string, Histogram][];
  return {
    stats: [
      ...[...proxy.stats.texts].map(([name, value]) => ({ name, value })),
      ...values,
      {
        histograms: {
          supported_quantiles: PERCENTILES,
          computed_quantiles: histograms.map(([name, histogram]) => ({
            name,
            values: PERCENTILES.map((p) =>
              histogram.count ? { cumulative: histogram.quantile(p / 100) } : { cumulative: null },
            ),
          })),
        },
      },
    ],
  };
}

/** Envoy's default tag extractors for the names this proxy emits. */
const TAGS: [RegExp, string][] = [
  [/^cluster\.([^.]+)\.((?:retry\.)?upstream_rq)_(\d{3})$/, "cluster_name,response_code"],
  [/^cluster\.([^.]+)\.((?:retry\.)?upstream_rq)_(\d)xx$/, "cluster_name,response_code_class"],
  [/^cluster\.([^.]+)\.(.+)$/, "cluster_name"],
  [/^http\.([^.]+)\.(downstream_rq)_(\d)xx$/, "http_conn_manager_prefix,response_code_class"],
  [/^http\.([^.]+)\.(.+)$/, "http_conn_manager_prefix"],
  [/^listener\.([^.]+_\d+)\.(.+)$/, "listener_address"],
];

function prometheusName(name: string): { metric: string; labels: string } {
  for (const [pattern, tags] of TAGS) {
    const match = pattern.exec(name);
    if (!match) continue;
    const [, first, rest, last] = match as unknown as [string, string, string, string | undefined];
    const scope = name.slice(0, name.indexOf("."));
    const names = tags.split(",");
    const values = [first, last].filter((v) => v !== undefined);
    const suffix = tags.includes("response_code_class") ? "_xx" : "";
    const labels = names
      .map((tag, i) => `envoy_${tag}="${values[i]}"`)
      .reverse()
      .join(",");
    return { metric: `envoy_${scope}_${rest.replace(/\./g, "_")}${suffix}`, labels };
  }
  return { metric: `envoy_${name.replace(/[.-]/g, "_")}`, labels: "" };
}

export function prometheusText(proxy: ProxyServer, query: URLSearchParams): string {
  const byMetric = new Map<string, { type: string; lines: string[] }>();
  for (const [name, stat] of selected(proxy, query)) {
    const { metric, labels } = prometheusName(name);
    const type = stat instanceof Counter ? "counter" : stat instanceof Gauge ? "gauge" : "histogram";
    let entry = byMetric.get(metric);
    if (!entry) {
      entry = { type, lines: [] };
      byMetric.set(metric, entry);
    }
    if (stat instanceof Histogram) {
      let cumulative = 0;
      BUCKETS.forEach((bound, i) => {
        cumulative += stat.counts[i] ?? 0;
        entry.lines.push(`${metric}_bucket{${labels ? `${labels},` : ""}le="${bound}"} ${cumulative}`);
      });
      entry.lines.push(`${metric}_bucket{${labels ? `${labels},` : ""}le="+Inf"} ${stat.count}`);
      entry.lines.push(`${metric}_sum{${labels}} ${stat.sum}`, `${metric}_count{${labels}} ${stat.count}`);
    } else {
      entry.lines.push(`${metric}${labels ? `{${labels}}` : ""} ${stat.value}`);
    }
  }
  return [...byMetric].map(([metric, { type, lines }]) => `# TYPE ${metric} ${type}\n${lines.join("\n")}\n`).join("");
}
