/**
 * `npm run bench:xds`: the xDS control plane.
 * 1. update-route → a connected gRPC client (grpc-js-xds, xds:///colors.local) using the new weights:
 *    from starting `mesh update-route` to the first call answered by the newly weighted server.
 * 2. The configuration of one proxy in a mesh of 200 nodes, 200 services and 1,000 routes (a node
 *    calling every service): build time (translation + encoding) and size.
 * 3. 1,000 ADS streams (200 nodes, 5 streams each, over 10 channels) on one `mesh serve`: the time from
 *    a route change until every stream has received and ACKed it, and the server's RSS.
 * Everything binds 127.0.0.1 and stops by itself.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import * as grpc from "@grpc/grpc-js";
import { register } from "@grpc/grpc-js-xds";
import { repoRoot } from "../scripts/generate-model.js";
import { appMeshPlacement } from "../src/dataplane/translate/placement.js";
import { translate } from "../src/dataplane/translate/translate.js";
import { encodeConfig } from "../src/dataplane/xds/resources.js";
import { openState } from "../src/emulator/open.js";
import type { MeshSnapshot } from "../src/snapshot/snapshot.js";
import { backend, byRouter, httpRoute, listener, meshOf } from "../test/dataplane/meshes.js";
import { AdsTestClient, imageNode, type Response, TYPES } from "../test/dataplane/xds/ads-client.js";
import { askName, startEcho } from "../test/dataplane/xds/grpc-echo.js";
import { MESH_BIN, runMesh, tempStateDir } from "../test/helpers/run-mesh.js";

const SCOPE = { account: "123456789012", region: "us-east-1" };

function serve(stateDir: string): Promise<{ child: ChildProcess; url: string; xds: string }> {
  const child = spawn(process.execPath, [MESH_BIN, "serve", "--port", "0", "--xds-port", "0"], {
    env: { ...process.env, MESH_STATE_DIR: stateDir },
    stdio: ["ignore", "pipe", "inherit"],
    cwd: repoRoot,
  });
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout?.on("data", (chunk) => {
      out += chunk;
      const url = /listening on (\S+)/.exec(out)?.[1];
      const xds = /xDS on (\S+)/.exec(out)?.[1];
      if (url && xds) resolve({ child, url, xds });
    });
    child.on("exit", (code) => reject(new Error(`mesh serve exited ${code}`)));
  });
}

function rssMb(pid: number): number {
  return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1]) / 1024;
}

const split = (v1: number, v2: number) =>
  JSON.stringify({
    httpRoute: {
      match: { prefix: "/" },
      action: {
        weightedTargets: [
          { virtualNode: "colors-v1", weight: v1 },
          { virtualNode: "colors-v2", weight: v2 },
        ],
      },
    },
  });

async function updateRouteToClient(): Promise<{ exited: number; seen: number }> {
  register();
  const dir = tempStateDir();
  const [v1, v2] = [await startEcho("colors-v1"), await startEcho("colors-v2")];
  const state = openState({ stateDir: dir.dir });
  const appMesh = state.appMesh(SCOPE);
  appMesh.call("CreateMesh", { meshName: "colors" });
  for (const [name, port] of [
    ["colors-v1", v1.port],
    ["colors-v2", v2.port],
  ] as const) {
    appMesh.call("CreateVirtualNode", {
      meshName: "colors",
      virtualNodeName: name,
      spec: { listeners: [listener(port)], serviceDiscovery: { dns: { hostname: "127.0.0.1" } } },
    });
  }
  appMesh.call("CreateVirtualNode", {
    meshName: "colors",
    virtualNodeName: "caller",
    spec: { backends: [backend("colors.local")] },
  });
  appMesh.call("CreateVirtualRouter", {
    meshName: "colors",
    virtualRouterName: "r",
    spec: { listeners: [listener(8080)] },
  });
  appMesh.call("CreateRoute", {
    meshName: "colors",
    virtualRouterName: "r",
    routeName: "split",
    spec: JSON.parse(split(100, 0)),
  });
  appMesh.call("CreateVirtualService", { meshName: "colors", virtualServiceName: "colors.local", spec: byRouter("r") });
  state.close();
  const server = await serve(dir.dir);
  const bootstrap = {
    xds_servers: [{ server_uri: server.xds, channel_creds: [{ type: "insecure" }], server_features: ["xds_v3"] }],
    node: { id: "mesh/colors/virtualNode/caller", cluster: "caller", locality: {} },
  };
  const client = new grpc.Client("xds:///colors.local", grpc.credentials.createInsecure(), {
    "grpc.TEST_ONLY_DO_NOT_USE_IN_PROD.xds_bootstrap_config": JSON.stringify(bootstrap),
  });
  try {
    if ((await askName(client)) !== "colors-v1") throw new Error("the client did not start on colors-v1");
    const started = performance.now();
    let exited = 0;
    const update = runMesh(
      [
        "update-route",
        "--mesh-name",
        "colors",
        "--virtual-router-name",
        "r",
        "--route-name",
        "split",
        "--spec",
        split(0, 100),
      ],
      { stateDir: dir.dir },
    ).then(() => {
      exited = performance.now() - started;
    });
    while ((await askName(client)) !== "colors-v2") {
      if (performance.now() - started > 20_000) throw new Error("the new weights never arrived");
    }
    const seen = performance.now() - started;
    await update;
    return { exited, seen };
  } finally {
    client.close();
    server.child.kill("SIGTERM");
    v1.close();
    v2.close();
    dir.cleanup();
  }
}

function bigMesh(): MeshSnapshot {
  const nodes: Record<string, object> = {};
  const routers: Record<string, object> = {};
  const routes: Record<string, Record<string, object>> = {};
  const services: Record<string, object> = {};
  for (let i = 0; i < 200; i++) {
    nodes[`node-${i}`] = {
      listeners: [listener(8080)],
      serviceDiscovery: { dns: { hostname: `node-${i}.mesh.local` } },
    };
    routers[`router-${i}`] = { listeners: [listener(8080)] };
    routes[`router-${i}`] = Object.fromEntries(
      Array.from({ length: 5 }, (_, r) => [
        `route-${r}`,
        httpRoute({ [`node-${i}`]: 90, [`node-${(i + 1) % 200}`]: 10 }, { prefix: `/api/v${r}` }),
      ]),
    );
    services[`service-${i}.mesh.local`] = byRouter(`router-${i}`);
  }
  nodes.caller = { backends: Object.keys(services).map(backend) };
  return meshOf("big", { nodes, routers, routes, services } as Parameters<typeof meshOf>[1]);
}

/** Median of 5 runs after 2 warm-up runs: translation, then encoding (with Envoy's validation rules). */
function configBuild(): { translateMs: number; encodeMs: number; bytes: number; json: number } {
  const snapshot = bigMesh();
  const placement = appMeshPlacement((node) => ({
    type: "dns",
    hostname: `${node}.mesh.local`,
    responseType: "LOADBALANCER",
  }));
  const translateTimes: number[] = [];
  const encodeTimes: number[] = [];
  let bytes = 0;
  let json = 0;
  for (let run = 0; run < 7; run++) {
    const started = performance.now();
    const config = translate({ snapshot, proxy: { kind: "virtualNode", name: "caller" }, placement });
    const translated = performance.now();
    const sets = encodeConfig(config);
    if (run >= 2) {
      translateTimes.push(translated - started);
      encodeTimes.push(performance.now() - translated);
    }
    bytes = [...sets.values()].reduce(
      (sum, set) => sum + [...set.resources.values()].reduce((s, r) => s + r.bytes.length, 0),
      0,
    );
    json = JSON.stringify(config).length;
  }
  const median = (times: number[]) => times.sort((a, b) => a - b)[2] as number;
  return { translateMs: median(translateTimes), encodeMs: median(encodeTimes), bytes, json };
}

async function thousandStreams(): Promise<{ ms: number; rss: number }> {
  const dir = tempStateDir();
  // 202 nodes: past App Mesh's default quota of 200, raised for this state only.
  const state = openState({ stateDir: dir.dir, appMesh: { quotas: { virtualNodesPerMesh: 1000 } } });
  const appMesh = state.appMesh(SCOPE);
  appMesh.call("CreateMesh", { meshName: "colors" });
  for (const name of ["colors-v1", "colors-v2"]) {
    appMesh.call("CreateVirtualNode", {
      meshName: "colors",
      virtualNodeName: name,
      spec: { listeners: [listener(8080)], serviceDiscovery: { dns: { hostname: `${name}.local` } } },
    });
  }
  for (let i = 0; i < 200; i++) {
    appMesh.call("CreateVirtualNode", {
      meshName: "colors",
      virtualNodeName: `caller-${i}`,
      spec: { backends: [backend("colors.local")] },
    });
  }
  appMesh.call("CreateVirtualRouter", {
    meshName: "colors",
    virtualRouterName: "r",
    spec: { listeners: [listener(8080)] },
  });
  appMesh.call("CreateRoute", {
    meshName: "colors",
    virtualRouterName: "r",
    routeName: "split",
    spec: JSON.parse(split(90, 10)),
  });
  appMesh.call("CreateVirtualService", { meshName: "colors", virtualServiceName: "colors.local", spec: byRouter("r") });
  const server = await serve(dir.dir);
  const channels = Array.from({ length: 10 }, () => grpc.credentials.createInsecure());
  const clients: AdsTestClient[] = [];
  try {
    // Each stream: CDS, LDS and RDS as the image asks, every response ACKed.
    const nodes = new Map<AdsTestClient, object>();
    await Promise.all(
      Array.from({ length: 1000 }, async (_, i) => {
        const client = new AdsTestClient(server.xds, channels[i % 10] as grpc.ChannelCredentials, {
          "grpc.use_local_subchannel_pool": 0,
        });
        clients.push(client);
        const node = imageNode(`mesh/colors/virtualNode/caller-${i % 200}`);
        const ack = (r: Response, names: string[] = []) =>
          client.send({
            node,
            version_info: r.version_info,
            response_nonce: r.nonce,
            type_url: r.type_url,
            resource_names: names,
          });
        for (const type of [TYPES.cluster, TYPES.listener]) {
          client.send({ node, type_url: type, resource_names: [], version_info: "", response_nonce: "" });
          ack(await client.next(60_000));
        }
        client.send({
          node,
          type_url: TYPES.routes,
          resource_names: ["rds_egress_http_8080"],
          version_info: "",
          response_nonce: "",
        });
        const rds = await client.next(60_000);
        ack(rds, ["rds_egress_http_8080"]);
        nodes.set(client, node);
      }),
    );
    const started = performance.now();
    state.appMesh(SCOPE).call("UpdateRoute", {
      meshName: "colors",
      virtualRouterName: "r",
      routeName: "split",
      spec: JSON.parse(split(50, 50)),
    });
    await Promise.all(
      clients.map(async (client) => {
        const pushed = await client.next(60_000);
        client.send({
          node: nodes.get(client),
          version_info: pushed.version_info,
          response_nonce: pushed.nonce,
          type_url: pushed.type_url,
          resource_names: ["rds_egress_http_8080"],
        });
      }),
    );
    // Done when the server has every stream's ACK of the new version.
    let synced = 0;
    while (synced < 1000 && performance.now() - started < 60_000) {
      const { proxies } = (await (await fetch(`${server.url}/xds/proxies`)).json()) as {
        proxies: { types: { type: string; acked: string | null; current: string | null }[] }[];
      };
      synced = proxies.filter((p) => p.types.find((t) => t.type === "RDS" && t.acked === t.current && t.acked)).length;
    }
    const ms = performance.now() - started;
    return { ms, rss: rssMb(server.child.pid as number) };
  } finally {
    for (const client of clients) client.close();
    server.child.kill("SIGTERM");
    state.close();
    dir.cleanup();
  }
}

const update = await updateRouteToClient();
console.log(
  `mesh update-route → a gRPC client on the new weights: ${update.seen.toFixed(0)} ms (the command itself exited after ${update.exited.toFixed(0)} ms)`,
);
const build = configBuild();
console.log(
  `config of a node calling 200 services (200 nodes, 1,000 routes): build ${(build.translateMs + build.encodeMs).toFixed(0)} ms (translate ${build.translateMs.toFixed(0)} + encode ${build.encodeMs.toFixed(0)}; median of 5 after 2 warm-ups), ${(build.bytes / 1024).toFixed(0)} KiB protobuf, ${(build.json / 1024).toFixed(0)} KiB JSON`,
);
const streams = await thousandStreams();
console.log(
  `1,000 ADS streams: all ACKed one change in ${streams.ms.toFixed(0)} ms; mesh serve RSS ${streams.rss.toFixed(0)} MB`,
);
process.exit(0);
