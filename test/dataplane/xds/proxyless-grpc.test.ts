/**
 * Proxyless gRPC through `mesh serve`'s xDS server, with @grpc/grpc-js-xds as the independent client:
 * a channel to `xds:///colors.local` (node: the virtual node `caller`) reaches real gRPC servers behind
 * the mesh's weighted route (one node found by DNS, one by its Cloud Map instance), an update-route
 * moves the split without a new channel, and the server sees every resource type ACKed.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import * as grpc from "@grpc/grpc-js";
import { register } from "@grpc/grpc-js-xds";
import { startXdsServer, type XdsServer } from "../../../src/dataplane/xds/ads-server.js";
import { syncState } from "../../../src/dataplane/xds/status.js";
import { openState, type State } from "../../../src/emulator/open.js";
import { runMain, tempStateDir } from "../../helpers/run-mesh.js";
import { eventually } from "../sidecars.js";
import { askName, type EchoServer, startEcho } from "./grpc-echo.js";

register();

async function mesh(stateDir: string, ...args: string[]): Promise<void> {
  const result = await runMain(args, { stateDir });
  if (result.code !== 0) throw new Error(`mesh ${args.join(" ")}: ${result.stderr}`);
}

function split(v1: number, v2: number): string {
  return JSON.stringify({
    grpcRoute: {
      match: { serviceName: "test.Echo" },
      action: {
        weightedTargets: [
          { virtualNode: "colors-v1", weight: v1 },
          { virtualNode: "colors-v2", weight: v2 },
        ],
      },
    },
  });
}

async function tally(client: grpc.Client, calls: number): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (let i = 0; i < calls; i++) {
    const name = await askName(client);
    counts[name] = (counts[name] ?? 0) + 1;
  }
  return counts;
}

describe("proxyless gRPC clients (gRPC's xDS resolver)", () => {
  const dir = tempStateDir();
  let v1: EchoServer;
  let v2: EchoServer;
  let state: State;
  let xds: XdsServer;
  let client: grpc.Client;
  const logs: string[] = [];

  before(async () => {
    v1 = await startEcho("colors-v1");
    v2 = await startEcho("colors-v2");
    const m = (...args: string[]) => mesh(dir.dir, ...args);
    await m("create-mesh", "--mesh-name", "colors");
    await m(
      "create-virtual-node",
      "--mesh-name",
      "colors",
      "--virtual-node-name",
      "colors-v1",
      "--spec",
      JSON.stringify({
        listeners: [{ portMapping: { port: v1.port, protocol: "grpc" } }],
        serviceDiscovery: { dns: { hostname: "127.0.0.1" } },
      }),
    );
    await m("servicediscovery", "create-http-namespace", "--name", "colors.local");
    const services = JSON.parse((await runMain(["servicediscovery", "list-namespaces"], { stateDir: dir.dir })).stdout);
    const namespaceId = services.Namespaces[0].Id as string;
    const created = await runMain(
      ["servicediscovery", "create-service", "--name", "v2", "--namespace-id", namespaceId],
      { stateDir: dir.dir },
    );
    const serviceId = JSON.parse(created.stdout).Service.Id as string;
    await m(
      "servicediscovery",
      "register-instance",
      "--service-id",
      serviceId,
      "--instance-id",
      "v2-a",
      "--attributes",
      JSON.stringify({ AWS_INSTANCE_IPV4: "127.0.0.1", AWS_INSTANCE_PORT: String(v2.port) }),
    );
    await m(
      "create-virtual-node",
      "--mesh-name",
      "colors",
      "--virtual-node-name",
      "colors-v2",
      "--spec",
      JSON.stringify({
        listeners: [{ portMapping: { port: 8080, protocol: "grpc" } }],
        serviceDiscovery: { awsCloudMap: { namespaceName: "colors.local", serviceName: "v2" } },
      }),
    );
    await m(
      "create-virtual-node",
      "--mesh-name",
      "colors",
      "--virtual-node-name",
      "caller",
      "--spec",
      JSON.stringify({ backends: [{ virtualService: { virtualServiceName: "colors.local" } }] }),
    );
    await m(
      "create-virtual-router",
      "--mesh-name",
      "colors",
      "--virtual-router-name",
      "colors-router",
      "--spec",
      JSON.stringify({ listeners: [{ portMapping: { port: 8080, protocol: "grpc" } }] }),
    );
    await m(
      "create-route",
      "--mesh-name",
      "colors",
      "--virtual-router-name",
      "colors-router",
      "--route-name",
      "split",
      "--spec",
      split(80, 20),
    );
    await m(
      "create-virtual-service",
      "--mesh-name",
      "colors",
      "--virtual-service-name",
      "colors.local",
      "--spec",
      JSON.stringify({ provider: { virtualRouter: { virtualRouterName: "colors-router" } } }),
    );
    state = openState({ stateDir: dir.dir });
    xds = await startXdsServer({
      state,
      account: "123456789012",
      region: "us-east-1",
      host: "127.0.0.1",
      port: 0,
      log: (line) => logs.push(line),
    });
    const bootstrap = {
      xds_servers: [
        { server_uri: xds.addresses[0], channel_creds: [{ type: "insecure" }], server_features: ["xds_v3"] },
      ],
      node: { id: "mesh/colors/virtualNode/caller", cluster: "mesh/colors/virtualNode/caller", locality: {} },
    };
    client = new grpc.Client("xds:///colors.local", grpc.credentials.createInsecure(), {
      "grpc.TEST_ONLY_DO_NOT_USE_IN_PROD.xds_bootstrap_config": JSON.stringify(bootstrap),
    });
  });

  after(async () => {
    client?.close();
    await xds?.close();
    state?.close();
    v1?.close();
    v2?.close();
    dir.cleanup();
  });

  it("reaches the real servers with the route's 80/20 split", async () => {
    const counts = await tally(client, 300);
    assert.deepEqual(Object.keys(counts).sort(), ["colors-v1", "colors-v2"], JSON.stringify({ counts, logs }));
    const share = (counts["colors-v2"] ?? 0) / 300;
    assert.ok(share > 0.1 && share < 0.32, `colors-v2 got ${share * 100}% of the calls, expected about 20%`);
  });

  it("follows update-route on the same channel", async () => {
    await mesh(
      dir.dir,
      "update-route",
      "--mesh-name",
      "colors",
      "--virtual-router-name",
      "colors-router",
      "--route-name",
      "split",
      "--spec",
      split(0, 100),
    );
    await eventually(async () => (await tally(client, 20))["colors-v2"] === 20, 10_000);
  });

  it("sees every resource type ACKed, at the server", () => {
    const [proxy] = xds.proxies();
    assert.equal(proxy?.nodeId, "mesh/colors/virtualNode/caller");
    assert.equal(proxy?.client, "grpc");
    assert.deepEqual(
      proxy?.types.map((t) => [t.type, syncState(t), t.nack ?? null]).sort(),
      [
        ["CDS", "SYNCED", null],
        ["EDS", "SYNCED", null],
        ["LDS", "SYNCED", null],
        ["RDS", "SYNCED", null],
      ],
      JSON.stringify({ proxy, logs }),
    );
  });
});
