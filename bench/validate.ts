/**
 * `npm run bench:validate`: `mesh validate` on a directory of 200 documents (a mesh with nodes,
 * routers, routes and services, as JSON and YAML), in-process: prints specs/s and the CPU time of
 * one whole run. Goal: under a second of CPU for 200 files.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadDocuments } from "../src/validate/documents.js";
import { validateDocuments } from "../src/validate/validate-documents.js";

const dir = mkdtempSync(join(tmpdir(), "mesh-bench-validate-"));
const listeners = [{ portMapping: { port: 8080, protocol: "http" } }];
const write = (name: string, doc: Record<string, unknown>) => {
  const text = name.endsWith(".json")
    ? JSON.stringify(doc, null, 2)
    : Object.entries(doc)
        .map(([k, v]) => `${k}: ${JSON.stringify(v)}`)
        .join("\n");
  writeFileSync(join(dir, name), text);
};

try {
  write("mesh.json", { operation: "create-mesh", meshName: "bench", spec: { egressFilter: { type: "DROP_ALL" } } });
  for (let i = 0; i < 100; i++) {
    write(`node-${i}.${i % 2 ? "yaml" : "json"}`, {
      operation: "create-virtual-node",
      meshName: "bench",
      virtualNodeName: `node-${i}`,
      spec: {
        listeners,
        serviceDiscovery: { dns: { hostname: `node-${i}.local` } },
        backends: [{ virtualService: { virtualServiceName: `svc-${(i + 1) % 33}.local` } }],
      },
    });
  }
  for (let i = 0; i < 33; i++) {
    write(`router-${i}.json`, {
      operation: "create-virtual-router",
      meshName: "bench",
      virtualRouterName: `router-${i}`,
      spec: { listeners },
    });
    write(`route-${i}.json`, {
      operation: "create-route",
      meshName: "bench",
      virtualRouterName: `router-${i}`,
      routeName: "main",
      spec: {
        httpRoute: {
          match: { prefix: "/" },
          action: {
            weightedTargets: [
              { virtualNode: `node-${i}`, weight: 90 },
              { virtualNode: `node-${i + 33}`, weight: 10 },
            ],
          },
          retryPolicy: {
            maxRetries: 2,
            perRetryTimeout: { unit: "ms", value: 200 },
            httpRetryEvents: ["server-error"],
          },
        },
      },
    });
    write(`service-${i}.yaml`, {
      operation: "create-virtual-service",
      meshName: "bench",
      virtualServiceName: `svc-${i}.local`,
      spec: { provider: { virtualRouter: { virtualRouterName: `router-${i}` } } },
    });
  }
  const rounds = Number(process.env.BENCH_ROUNDS ?? 20);
  let documents = 0;
  let problems = 0;
  const cpu = process.cpuUsage();
  const start = performance.now();
  for (let round = 0; round < rounds; round++) {
    const set = await loadDocuments([dir]);
    documents = set.documents.length;
    problems = validateDocuments(set).length;
  }
  const wall = (performance.now() - start) / rounds;
  const used = process.cpuUsage(cpu);
  const cpuMs = (used.user + used.system) / 1000 / rounds;
  console.log(`mesh validate on ${documents} documents in 200 files (${problems} problems), mean of ${rounds} rounds:`);
  console.log(`  ${wall.toFixed(1)} ms wall, ${cpuMs.toFixed(1)} ms CPU per run`);
  console.log(`  ${Math.round((documents / wall) * 1000)} specs/s`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
