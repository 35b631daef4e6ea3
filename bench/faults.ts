/**
 * `npm run bench:faults`: what App Mesh's resilience policies do for a caller when one endpoint of
 * three is failing. The virtual node `app` has three endpoints (three `mesh up` ingress listeners in
 * front of three upstream servers); each answers 200 "ok", except the first, which answers 503 to a
 * random half of its requests (a seeded PRNG, BENCH_SEED, restarted for every scenario, so each one
 * meets the same sequence of failures). A caller sends BENCH_REQUESTS requests (default 3,000) at
 * BENCH_CONCURRENCY (default 10) through its egress listener (Host: svc.local, a virtual service
 * provided by a virtual router with one route to `app`), so every request takes two hops: the
 * caller's sidecar, then the ingress of one of app's endpoints. Each scenario is a fresh `mesh up`
 * (MeshUp in this process, so this process's CPU is the proxy's); the upstreams and the load
 * generator (node:http, keep-alive) run in a child process, which also measures the latencies.
 *
 *   0. no retries (the route's retryPolicy: maxRetries 0), for reference;
 *   1. the default policy: the route has no retryPolicy, so App Mesh's hidden one applies (2 retries
 *      on 503, connect-failure, refused-stream, unavailable: src/dataplane/translate/defaults.ts);
 *   2. retries: retryPolicy { maxRetries: 3, perRetryTimeout: 1 s, httpRetryEvents: [gateway-error] };
 *   3. retries + outlier detection: the same, and app's listener has outlierDetection
 *      { maxServerErrors: 5, interval: 10 s, baseEjectionDuration: 30 s, maxEjectionPercent: 50 },
 *      which App Mesh applies on the caller's side, to its cluster for app.
 *
 * Printed per scenario: requests, rps, success rate (200s), p50 / p99 / max latency as the client saw
 * it, the caller cluster's upstream_rq_retry and outlier_detection.ejections_enforced_total (read from the
 * proxy's stats), and the attempts the failing endpoint received and failed.
 *
 * The arithmetic, with round robin over three endpoints and failure probability ½ on one of them:
 * without retries, ⅓ of requests meet the failing endpoint and half of those fail: 1 − ½·⅓ = 83.3 %
 * success. Every policy App Mesh makes carries Envoy's previous_hosts predicate (retry on another host
 * first), and so does this proxy (interceptors/host-selection.ts, ClusterRuntime.pick), so one retry
 * of a 503 goes to a healthy endpoint: 100 % with the default policy and with the explicit one (if
 * retries stayed on the same host it would be 1 − ⅓·½³ = 95.8 % and 1 − ⅓·½⁴ = 97.9 %). Retries cost
 * about one per failed attempt, N·½·s where s is the failing endpoint's share of first attempts: ⅓
 * would give N/6, but a retry takes the next round-robin slot, so after a failure the failing endpoint
 * comes round again after 2 first attempts instead of 3: sequentially s = 1/(½·3 + ½·2) = ⅖,
 * N/5 retries, and the failing endpoint receives N·⅖ + retries (its own retries never go to it).
 * (At c=1 that is exact; at higher concurrency the attempts interleave and s lies between ⅓ and ⅖.)
 * Outlier detection ejects the failing endpoint after 5 503s in a row: that takes (1 − ½⁵)/(½·½⁵) = 62
 * attempts on average over seeds (about 31 retries); for the seed in use the expected column gives the
 * failures up to its first 5 in a row (seed 1: 8 failures in 15 attempts; at c > 1 an attempt
 * or two already on its way when the ejection happens adds to it). The endpoint is then out for 30 s,
 * longer than the run, so no more retries follow. p99 follows the retries: a retry waits Envoy's
 * full-jitter back-off first (0–25 ms before the first), so with 1 request in 5 retried p99 is about
 * 25 ms, and with outlier detection it is the plain two-hop latency. The load is a closed loop at c=10
 * on cores shared by the load, the upstreams and the proxy, so rps and p50 are mostly queueing and
 * move by tens of percent from run to run (and with the scenario's place in the order): they are
 * printed for context, not for comparing scenarios; p99 and max are.
 *
 * BENCH_REQUESTS (per scenario, default 3000), BENCH_CONCURRENCY (default 10), BENCH_SEED (default 1).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { Agent, createServer, request } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import type { HttpRetryPolicy, OutlierDetection } from "@aws-sdk/client-app-mesh";
import { clusterName } from "../src/dataplane/envoy/names.js";
import type { ProxyServer } from "../src/dataplane/proxy/proxy.js";
import { parseEndpointOverride } from "../src/dataplane/up/endpoints.js";
import { MeshUp } from "../src/dataplane/up/mesh-up.js";
import { emptySnapshot, type MeshSnapshot } from "../src/snapshot/snapshot.js";

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 3000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 10);
const SEED = Number(process.env.BENCH_SEED ?? 1);
/** The failing endpoint's probability of answering 503. */
const FAILURE = 0.5;
const ENDPOINTS = 3;
const WARM_UP = 500;

/** What the parent asks the child: a load run through `address`. */
interface RunRequest {
  address: string;
  host: string;
  requests: number;
  concurrency: number;
}

interface RunResult {
  /** Responses by status ("error" for a request that got none). */
  statuses: Record<string, number>;
  /** Milliseconds per request, request sent to response ended. */
  latencies: number[];
  /** Wall time of the whole run. */
  seconds: number;
  /** Per endpoint: requests received, and 503s answered. */
  served: { received: number; failed: number }[];
}

/** mulberry32: a small seeded PRNG, so every scenario meets the same failures. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The child: three upstream servers (the first failing) and the load generator, driven over IPC. */
async function outside(): Promise<void> {
  let random = seeded(SEED);
  let served = Array.from({ length: ENDPOINTS }, () => ({ received: 0, failed: 0 }));
  const ports: number[] = [];
  for (let i = 0; i < ENDPOINTS; i++) {
    const server = createServer((req, res) => {
      const counts = served[i] as { received: number; failed: number };
      counts.received++;
      req.resume();
      if (i === 0 && random() < FAILURE) {
        counts.failed++;
        res.writeHead(503, { "content-type": "text/plain" });
        res.end("unavailable\n");
      } else {
        res.writeHead(200, { "content-type": "text/plain" });
        res.end("ok\n");
      }
    });
    server.keepAliveTimeout = 60_000;
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    ports.push((server.address() as AddressInfo).port);
  }
  process.on("disconnect", () => process.exit(0));
  process.on("message", (message: RunRequest) => {
    random = seeded(SEED);
    served = served.map(() => ({ received: 0, failed: 0 }));
    void load(message).then((result) => process.send?.({ ...result, served }));
  });
  process.send?.({ ports });
}

async function load(run: RunRequest): Promise<Omit<RunResult, "served">> {
  const begin = performance.now();
  const [hostname, port] = run.address.split(":") as [string, string];
  const agent = new Agent({ keepAlive: true, maxSockets: run.concurrency });
  const statuses: Record<string, number> = {};
  const latencies: number[] = [];
  let started = 0;
  const one = () =>
    new Promise<void>((resolve) => {
      const start = performance.now();
      const done = (status: string) => {
        latencies.push(performance.now() - start);
        statuses[status] = (statuses[status] ?? 0) + 1;
        resolve();
      };
      const req = request({ hostname, port: Number(port), path: "/", agent, headers: { host: run.host } }, (res) => {
        res.resume();
        res.on("end", () => done(String(res.statusCode)));
        res.on("error", () => done("error"));
      });
      req.on("error", () => done("error"));
      req.end();
    });
  const worker = async () => {
    while (started < run.requests) {
      started++;
      await one();
    }
  };
  await Promise.all(Array.from({ length: run.concurrency }, worker));
  agent.destroy();
  return { statuses, latencies, seconds: (performance.now() - begin) / 1000 };
}

/** caller → svc.local → router `r` → route `main` → node `app` (http 8080, three endpoints). */
function faultsMesh(retryPolicy: HttpRetryPolicy | undefined, outlierDetection: OutlierDetection | undefined) {
  const snapshot: MeshSnapshot = emptySnapshot("faults");
  snapshot.revision = "1";
  const portMapping = { port: 8080, protocol: "http" as const };
  snapshot.virtualNodes = [
    { name: "caller", spec: { backends: [{ virtualService: { virtualServiceName: "svc.local" } }] } },
    {
      name: "app",
      spec: {
        listeners: [{ portMapping, ...(outlierDetection ? { outlierDetection } : {}) }],
        // The --endpoint overrides win over it: the three upstream servers.
        serviceDiscovery: { dns: { hostname: "app.local" } },
      },
    },
  ];
  snapshot.virtualRouters = [{ name: "r", spec: { listeners: [{ portMapping }] } }];
  snapshot.routes = [
    {
      name: "main",
      parent: "r",
      spec: {
        httpRoute: {
          match: { prefix: "/" },
          action: { weightedTargets: [{ virtualNode: "app", weight: 1 }] },
          ...(retryPolicy ? { retryPolicy } : {}),
        },
      },
    },
  ];
  snapshot.virtualServices = [{ name: "svc.local", spec: { provider: { virtualRouter: { virtualRouterName: "r" } } } }];
  return snapshot;
}

interface Scenario {
  name: string;
  retryPolicy?: HttpRetryPolicy;
  outlierDetection?: OutlierDetection;
  /** Success rate and retries the arithmetic of the header comment expects (sequential round robin). */
  expected: { success: number; retries: string };
}

/** Attempts and failures of the failing endpoint until its first 5 failures in a row, with this seed. */
function firstEjection(seed: number, errors: number): { attempts: number; failures: number } {
  const random = seeded(seed);
  let attempts = 0;
  let failures = 0;
  for (let run = 0; run < errors; ) {
    attempts++;
    if (random() < FAILURE) {
      failures++;
      run++;
    } else run = 0;
  }
  return { attempts, failures };
}

const RETRIES: HttpRetryPolicy = {
  maxRetries: 3,
  perRetryTimeout: { unit: "s", value: 1 },
  httpRetryEvents: ["gateway-error"],
};
const OUTLIER: OutlierDetection = {
  maxServerErrors: 5,
  interval: { unit: "s", value: 10 },
  baseEjectionDuration: { unit: "s", value: 30 },
  maxEjectionPercent: 50,
};
/** N/6 (the failing endpoint's fair share) to N/5 (its share with the round-robin shift, sequentially). */
const RETRIED = `${Math.round((REQUESTS * FAILURE) / ENDPOINTS)}–${Math.round((REQUESTS * FAILURE * 2) / 5)}`;
const SCENARIOS: Scenario[] = [
  {
    name: "no retries (reference)",
    retryPolicy: { maxRetries: 0, perRetryTimeout: { unit: "s", value: 1 }, httpRetryEvents: ["gateway-error"] },
    expected: { success: 1 - FAILURE / ENDPOINTS, retries: "0" },
  },
  { name: "default policy", expected: { success: 1, retries: RETRIED } },
  { name: "retries", retryPolicy: RETRIES, expected: { success: 1, retries: RETRIED } },
  {
    name: "retries + outlier det.",
    retryPolicy: RETRIES,
    outlierDetection: OUTLIER,
    expected: { success: 1, retries: String(firstEjection(SEED, OUTLIER.maxServerErrors ?? 5).failures) },
  },
];

/** The child process, with a request/response helper over its IPC channel. */
class Outside {
  private constructor(
    readonly child: ChildProcess,
    readonly ports: number[],
  ) {}

  static async start(): Promise<Outside> {
    const child = spawn(process.execPath, [fileURLToPath(import.meta.url), "outside"], {
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    const { ports } = await new Promise<{ ports: number[] }>((resolve, reject) => {
      child.once("message", (message) => resolve(message as { ports: number[] }));
      child.once("exit", (code) => reject(new Error(`the upstream process exited (${code})`)));
    });
    return new Outside(child, ports);
  }

  run(request: RunRequest): Promise<RunResult> {
    return new Promise((resolve, reject) => {
      const exited = (code: number | null) => reject(new Error(`the upstream process exited (${code})`));
      this.child.once("exit", exited);
      this.child.once("message", (message) => {
        this.child.off("exit", exited);
        resolve(message as RunResult);
      });
      this.child.send(request);
    });
  }

  stop(): void {
    if (this.child.exitCode === null) this.child.kill();
  }
}

/** A stat of a proxy by Envoy's name, 0 when it was never made. */
function stat(proxy: ProxyServer, name: string): number {
  const found = proxy.stats.entries().find(([n]) => n === name)?.[1];
  return found && "value" in found ? found.value : 0;
}

interface Measured {
  result: RunResult;
  retries: number;
  ejections: number;
}

/** One fresh `mesh up` for a scenario, `requests` requests through the caller's egress, then stopped. */
async function measure(outside: Outside, scenario: Scenario, requests: number): Promise<Measured> {
  const up = new MeshUp({
    source: {
      meshes: () => ["faults"],
      snapshot: () => faultsMesh(scenario.retryPolicy, scenario.outlierDetection),
      instances: () => [],
      watch: () => () => {},
    },
    meshes: [],
    host: "127.0.0.1",
    endpoints: outside.ports.map((port) => parseEndpointOverride(`app=127.0.0.1:${port}`)),
    logSink: () => {},
    warn: (message) => console.error(message),
    onListeners: () => {},
  });
  try {
    await up.start();
    const caller = up.proxies().get("faults/virtualNode/caller");
    const egress = caller?.config?.listeners.find((l) => l.traffic_direction === "OUTBOUND")?.address.socket_address;
    if (!caller || !egress) throw new Error("mesh up started no egress listener for the caller");
    const result = await outside.run({
      address: `${egress.address}:${egress.port_value}`,
      host: "svc.local",
      requests,
      concurrency: CONCURRENCY,
    });
    const cluster = `cluster.${clusterName("egress", "faults", "app", "http", 8080)}.`;
    return {
      result,
      retries: stat(caller, `${cluster}upstream_rq_retry`),
      ejections: stat(caller, `${cluster}outlier_detection.ejections_enforced_total`),
    };
  } finally {
    await up.stop();
  }
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * p) - 1)] as number;
}

async function main(): Promise<void> {
  const outside = await Outside.start();
  try {
    console.log(
      `bench:faults (Node ${process.version}): ${REQUESTS} requests per scenario at c=${CONCURRENCY} through two hops, ` +
        `${ENDPOINTS} endpoints, the first answering 503 to ${FAILURE * 100} % of its requests (seed ${SEED})`,
    );
    // Warm-up (JIT, not reported): the first scenario would otherwise pay for it in its latencies.
    await measure(outside, { name: "warm-up", expected: { success: 1, retries: "" } }, WARM_UP);
    const header = [
      "scenario".padEnd(24),
      "requests".padStart(9),
      "rps".padStart(6),
      "success".padStart(8),
      "expected".padStart(9),
      "p50 ms".padStart(8),
      "p99 ms".padStart(8),
      "max ms".padStart(8),
      "retries".padStart(8),
      "expected".padStart(11),
      "ejections".padStart(10),
      "  failing endpoint: attempts / 503s",
    ].join("");
    console.log(`\n${header}`);
    for (const scenario of SCENARIOS) {
      const { result, retries, ejections } = await measure(outside, scenario, REQUESTS);
      const sorted = [...result.latencies].sort((a, b) => a - b);
      const ok = result.statuses["200"] ?? 0;
      const failing = result.served[0] ?? { received: 0, failed: 0 };
      const others = Object.entries(result.statuses)
        .filter(([status]) => status !== "200")
        .map(([status, n]) => `${n}×${status}`);
      console.log(
        [
          scenario.name.padEnd(24),
          String(result.latencies.length).padStart(9),
          (result.latencies.length / result.seconds).toFixed(0).padStart(6),
          `${((100 * ok) / result.latencies.length).toFixed(1)} %`.padStart(8),
          `${(100 * scenario.expected.success).toFixed(1)} %`.padStart(9),
          percentile(sorted, 0.5).toFixed(2).padStart(8),
          percentile(sorted, 0.99).toFixed(2).padStart(8),
          (sorted.at(-1) ?? Number.NaN).toFixed(2).padStart(8),
          String(retries).padStart(8),
          scenario.expected.retries.padStart(11),
          String(ejections).padStart(10),
          `  ${failing.received} / ${failing.failed}${others.length ? `   (not 200: ${others.join(", ")})` : ""}`,
        ].join(""),
      );
    }
  } finally {
    outside.stop();
  }
}

if (process.argv[2] === "outside") await outside();
else await main();
