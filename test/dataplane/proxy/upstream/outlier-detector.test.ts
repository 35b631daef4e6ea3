/**
 * Outlier detection on real traffic, over ejections: a host ejected again stays out for
 * baseEjectionDuration × the times it has been ejected, as Envoy's base_ejection_time works.
 */
import assert from "node:assert/strict";
import { Agent } from "node:http";
import { after, it } from "node:test";
import type { VirtualNodeSpec } from "@aws-sdk/client-app-mesh";
import { send } from "../../../helpers/http-client.js";
import { startUpstream, type Upstream } from "../../../helpers/upstreams.js";
import { backend, byNode, listener, meshOf } from "../../meshes.js";
import { eventually, runSidecars } from "../../sidecars.js";

const upstreams: Upstream[] = [];
after(() => Promise.all(upstreams.map((u) => u.close())));

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

it("ejects a host again for twice the base ejection time: the second ejection outlasts the first", async () => {
  for (let i = 0; i < 4; i++)
    upstreams.push(
      await startUpstream(`o${i}`, `127.0.0.${110 + i}`, (_req, res, name) => {
        res.statusCode = name === "o0" ? 500 : 200;
        res.end(name);
      }),
    );
  const base = 500;
  const app: VirtualNodeSpec = {
    listeners: [
      {
        ...listener(80),
        outlierDetection: {
          maxServerErrors: 2,
          interval: { unit: "ms", value: 50 },
          baseEjectionDuration: { unit: "ms", value: base },
          maxEjectionPercent: 50,
        },
      },
    ],
    serviceDiscovery: { dns: { hostname: "app.local" } },
  };
  const mesh = meshOf("outliers", {
    nodes: { caller: { backends: [backend("svc.local")] }, app },
    services: { "svc.local": byNode("app") },
  });
  const sidecars = await runSidecars([mesh], { app: upstreams.map((u) => u.address) });
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const failing = sidecars.listeners().find((l) => l.role === "ingress" && l.endpoint === upstreams[0]?.address);
  const flags = async () => {
    const clusters = (await send(sidecars.address("caller", "admin"), { path: "/clusters" })).body;
    return new RegExp(`::${failing?.address}::health_flags::(\\S+)$`, "m").exec(clusters)?.[1];
  };
  /** Sends requests until the failing host has answered `errors` more times. */
  const failTimes = async (errors: number) => {
    for (let seen = 0, sent = 0; seen < errors; sent++) {
      assert.ok(sent < 40, "the failing host keeps getting its turn");
      const reply = await send(sidecars.address("caller"), { headers: { host: "svc.local" }, agent });
      if (reply.body === "o0") seen++;
    }
  };
  try {
    await failTimes(2);
    assert.equal(await flags(), "/failed_outlier_check", "ejected after 2 errors in a row");
    await sleep(base * 1.5);
    assert.equal(await flags(), "healthy", "the first ejection lasts the base time");
    await failTimes(2);
    assert.equal(await flags(), "/failed_outlier_check", "ejected a second time");
    await sleep(base * 1.5);
    assert.equal(await flags(), "/failed_outlier_check", "the second ejection lasts twice the base time");
    await eventually(async () => (await flags()) === "healthy", base * 3);
    const stats = (await send(sidecars.address("caller", "admin"), { path: "/stats?filter=outlier_detection" })).body;
    assert.match(stats, /outlier_detection\.ejections_enforced_total: 2$/m);
    assert.match(stats, /outlier_detection\.ejections_active: 0$/m);
  } finally {
    agent.destroy();
    await sidecars.stop();
  }
});
