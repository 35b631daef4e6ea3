/**
 * `mesh up` as users run it: bin/mesh.js in the foreground on a real state directory, changed by other
 * `mesh` commands while it runs, stopped by SIGTERM.
 */
import assert from "node:assert/strict";
import { createServer } from "node:net";
import { after, before, describe, it } from "node:test";
import { eventually } from "../dataplane/sidecars.js";
import { createInEmulator } from "../graph/meshes.js";
import { send } from "../helpers/http-client.js";
import { type MeshProcess, runMesh, startMesh, tempStateDir } from "../helpers/run-mesh.js";
import { startUpstream, type Upstream } from "../helpers/upstreams.js";

interface Listing {
  listeners: { role: string; virtualNode: string; port: number | null; endpoint?: string; address: string }[];
}

describe("mesh up (subprocess)", () => {
  const state = tempStateDir();
  let v1: Upstream;
  let v2: Upstream;
  let inventory: Upstream;
  let up: MeshProcess;
  let listing: Listing;
  const address = (node: string, role = "egress") =>
    listing.listeners.find((l) => l.virtualNode === node && l.role === role)?.address as string;
  const mesh = (args: string) => runMesh(args.split(" "), { stateDir: state.dir });

  before(async () => {
    v1 = await startUpstream("colors-v1", "127.0.0.20");
    v2 = await startUpstream("colors-v2", "127.0.0.21");
    inventory = await startUpstream("inventory", "127.0.0.22");
    await createInEmulator("test/fixtures/dataplane/colors", state.dir);
    up = startMesh(
      ["up", "--output", "json", "--endpoint", `colors-v1=${v1.address}`, "--endpoint", `colors-v2=${v2.address}`],
      {
        stateDir: state.dir,
      },
    );
    listing = JSON.parse(await up.nextLine()) as Listing;
  });
  after(async () => {
    await up.stop("SIGKILL");
    await Promise.all([v1.close(), v2.close(), inventory.close()]);
    state.cleanup();
  });

  it("prints one line of JSON with every listener once they are bound", () => {
    assert.deepEqual(
      listing.listeners.map((l) => [l.role, l.virtualNode, l.port, l.endpoint ?? null]),
      [
        ["egress", "caller", null, null],
        ["admin", "caller", null, null],
        ["egress", "colors-v1", null, null],
        ["ingress", "colors-v1", 8080, v1.address],
        ["admin", "colors-v1", null, null],
        ["egress", "colors-v2", null, null],
        ["ingress", "colors-v2", 8080, v2.address],
        ["admin", "colors-v2", null, null],
      ],
    );
    for (const l of listing.listeners) assert.match(l.address, /^127\.0\.0\.1:\d+$/);
  });

  it("routes real traffic, and a readiness probe sees LIVE", async () => {
    const reply = await send(address("caller"), { headers: { host: "colors.local", "x-beta-user": "true" } });
    assert.equal(reply.headers["x-app"], "colors-v2");
    assert.match((await send(address("caller", "admin"), { path: "/server_info" })).body, /"state": "LIVE"/);
  });

  it("follows changes made with other mesh commands within a second", async () => {
    const updated = await mesh(
      "update-route --mesh-name colors --virtual-router-name colors-router --route-name canary --spec " +
        JSON.stringify({
          priority: 10,
          httpRoute: { match: { prefix: "/" }, action: { weightedTargets: [{ virtualNode: "colors-v2", weight: 1 }] } },
        }),
    );
    assert.equal(updated.code, 0, updated.stderr);
    await eventually(async () => {
      const replies = await Promise.all(
        Array.from({ length: 10 }, () => send(address("caller"), { headers: { host: "colors.local" } })),
      );
      return replies.every((r) => r.headers["x-app"] === "colors-v2");
    }, 1500);
  });

  it("runs a sidecar for a new node with Cloud Map discovery, its endpoint from the registered instance", async () => {
    const namespace = await mesh("servicediscovery create-http-namespace --name shop.local");
    assert.equal(namespace.code, 0, namespace.stderr);
    const namespaces = JSON.parse((await mesh("servicediscovery list-namespaces")).stdout);
    const service = JSON.parse(
      (await mesh(`servicediscovery create-service --name inventory --namespace-id ${namespaces.Namespaces[0].Id}`))
        .stdout,
    );
    const [host, port] = inventory.address.split(":");
    const registered = await runMesh(
      [
        "servicediscovery",
        "register-instance",
        "--service-id",
        service.Service.Id,
        "--instance-id",
        "i-1",
        "--attributes",
        JSON.stringify({ AWS_INSTANCE_IPV4: host, AWS_INSTANCE_PORT: port }),
      ],
      { stateDir: state.dir },
    );
    assert.equal(registered.code, 0, registered.stderr);
    const spec = {
      listeners: [{ portMapping: { port: 9090, protocol: "http" } }],
      serviceDiscovery: { awsCloudMap: { namespaceName: "shop.local", serviceName: "inventory" } },
    };
    await mesh(`create-virtual-node --mesh-name colors --virtual-node-name inventory --spec ${JSON.stringify(spec)}`);
    await mesh(
      `create-virtual-service --mesh-name colors --virtual-service-name inventory.local --spec ${JSON.stringify({ provider: { virtualNode: { virtualNodeName: "inventory" } } })}`,
    );
    await mesh(
      `update-virtual-node --mesh-name colors --virtual-node-name caller --spec ${JSON.stringify({ backends: [{ virtualService: { virtualServiceName: "colors.local" } }, { virtualService: { virtualServiceName: "inventory.local" } }] })}`,
    );
    do listing = JSON.parse(await up.nextLine()) as Listing;
    while (!listing.listeners.some((l) => l.virtualNode === "inventory" && l.role === "ingress"));
    assert.equal(
      listing.listeners.find((l) => l.virtualNode === "inventory" && l.role === "ingress")?.endpoint,
      inventory.address,
    );
    await eventually(
      async () =>
        (await send(address("caller"), { path: "/stock", headers: { host: "inventory.local:9090" } })).status === 200,
      1500,
    );
    assert.equal(inventory.seen.at(-1)?.url, "/stock");
  });

  it("drains and exits 0 on SIGTERM", async () => {
    const other = tempStateDir();
    try {
      await createInEmulator("test/fixtures/dataplane/colors", other.dir);
      const process = startMesh(["up", "--output", "json"], { stateDir: other.dir });
      await process.nextLine();
      assert.equal(await process.stop("SIGTERM"), 0);
    } finally {
      other.cleanup();
    }
  });
});

describe("mesh up with Cloud Map custom health (subprocess)", () => {
  const state = tempStateDir();
  let first: Upstream;
  let second: Upstream;
  let up: MeshProcess;
  let listing: Listing;
  let serviceId: string;
  const mesh = async (args: string[]) => {
    const result = await runMesh(args, { stateDir: state.dir });
    assert.equal(result.code, 0, result.stderr);
    return result.stdout ? (JSON.parse(result.stdout) as Record<string, Record<string, string>>) : {};
  };
  const egress = () => listing.listeners.find((l) => l.virtualNode === "caller" && l.role === "egress")?.address;
  /** Which instances' applications answer 10 requests through the caller's sidecar. */
  const answering = async () => {
    const replies = await Promise.all(
      Array.from({ length: 10 }, () => send(egress() as string, { headers: { host: "inventory.local:9090" } })),
    );
    return new Set(replies.map((r) => r.headers["x-app"]));
  };
  const setHealth = (instance: string, status: string) =>
    mesh([
      "servicediscovery",
      "update-instance-custom-health-status",
      "--service-id",
      serviceId,
      "--instance-id",
      instance,
      "--status",
      status,
    ]);

  before(async () => {
    first = await startUpstream("i-1", "127.0.0.23");
    second = await startUpstream("i-2", "127.0.0.24");
    await mesh(["create-mesh", "--mesh-name", "shop"]);
    await mesh(["servicediscovery", "create-http-namespace", "--name", "shop.local"]);
    const namespaces = await runMesh(["servicediscovery", "list-namespaces"], { stateDir: state.dir });
    const namespaceId = (JSON.parse(namespaces.stdout) as { Namespaces: { Id: string }[] }).Namespaces[0]?.Id;
    const created = await mesh([
      "servicediscovery",
      "create-service",
      "--name",
      "inventory",
      "--namespace-id",
      String(namespaceId),
      "--health-check-custom-config",
      "FailureThreshold=1",
    ]);
    serviceId = String(created.Service?.Id);
    for (const [id, upstream] of [
      ["i-1", first],
      ["i-2", second],
    ] as const) {
      const [host, port] = upstream.address.split(":");
      await mesh([
        "servicediscovery",
        "register-instance",
        "--service-id",
        serviceId,
        "--instance-id",
        id,
        "--attributes",
        JSON.stringify({ AWS_INSTANCE_IPV4: host, AWS_INSTANCE_PORT: port }),
      ]);
    }
    const spec = {
      listeners: [{ portMapping: { port: 9090, protocol: "http" } }],
      serviceDiscovery: { awsCloudMap: { namespaceName: "shop.local", serviceName: "inventory" } },
    };
    await mesh([
      "create-virtual-node",
      "--mesh-name",
      "shop",
      "--virtual-node-name",
      "inventory",
      "--spec",
      JSON.stringify(spec),
    ]);
    await mesh([
      "create-virtual-service",
      "--mesh-name",
      "shop",
      "--virtual-service-name",
      "inventory.local",
      "--spec",
      JSON.stringify({ provider: { virtualNode: { virtualNodeName: "inventory" } } }),
    ]);
    await mesh([
      "create-virtual-node",
      "--mesh-name",
      "shop",
      "--virtual-node-name",
      "caller",
      "--spec",
      JSON.stringify({ backends: [{ virtualService: { virtualServiceName: "inventory.local" } }] }),
    ]);
    up = startMesh(["up", "--output", "json"], { stateDir: state.dir });
    listing = JSON.parse(await up.nextLine()) as Listing;
  });
  after(async () => {
    await up.stop("SIGKILL");
    await Promise.all([first.close(), second.close()]);
    state.cleanup();
  });

  it("runs an ingress listener for each healthy instance, and traffic reaches both", async () => {
    assert.deepEqual(
      listing.listeners.filter((l) => l.role === "ingress").map((l) => l.endpoint),
      [first.address, second.address],
    );
    assert.deepEqual(await answering(), new Set(["i-1", "i-2"]));
  });

  it("stops sending to an instance set UNHEALTHY, and sends to it again once it is HEALTHY", async () => {
    await setHealth("i-1", "UNHEALTHY");
    await eventually(async () => {
      const apps = await answering();
      return apps.size === 1 && apps.has("i-2");
    }, 2000);
    listing = JSON.parse(await up.nextLine()) as Listing;
    assert.deepEqual(
      listing.listeners.filter((l) => l.role === "ingress").map((l) => l.endpoint),
      [second.address],
    );
    await setHealth("i-1", "HEALTHY");
    await eventually(async () => (await answering()).has("i-1"), 2000);
  });
});

describe("mesh up refuses", () => {
  const state = tempStateDir();
  before(() => createInEmulator("test/fixtures/dataplane/colors", state.dir));
  after(() => state.cleanup());

  it("an unknown mesh, with the service's error (254)", async () => {
    const result = await runMesh(["up", "--mesh-name", "nope"], { stateDir: state.dir });
    assert.equal(result.code, 254);
    assert.match(
      result.stderr,
      /An error occurred \(NotFoundException\) when calling the .* operation: Mesh with name nope is not present/,
    );
    assert.equal(result.stdout, "");
  });

  it("a port already in use, naming it (255)", async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    const { port } = blocker.address() as { port: number };
    try {
      const result = await runMesh(["up", "--base-port", String(port)], { stateDir: state.dir });
      assert.equal(result.code, 255);
      assert.equal(result.stderr, `\nmesh up: cannot listen on 127.0.0.1:${port}: address already in use\n`);
    } finally {
      blocker.close();
    }
  });

  it("an --endpoint it cannot read (252)", async () => {
    const result = await runMesh(["up", "--endpoint", "colors-v1"], { stateDir: state.dir });
    assert.equal(result.code, 252);
    assert.match(
      result.stderr,
      /argument --endpoint: invalid --endpoint 'colors-v1': expected \[MESH\/\]NODE\[:PORT\]=HOST:PORT/,
    );
  });
});

describe("the proxy is loaded only by the commands that run it", () => {
  const state = tempStateDir();
  before(() => createInEmulator("test/fixtures/dataplane/colors", state.dir));
  after(() => state.cleanup());

  it("not by mesh describe-mesh nor mesh graph (NODE_DEBUG=module lists every file Node loads)", async () => {
    for (const args of [
      ["describe-mesh", "--mesh-name", "colors"],
      ["graph", "--mesh-name", "colors"],
    ]) {
      const { stderr } = await runMesh(args, { stateDir: state.dir, env: { NODE_DEBUG: "module" } });
      assert.match(stderr, /mesh\.cjs/);
      assert.doesNotMatch(stderr, /dataplane\.cjs|undici/, args[0]);
    }
  });

  it("by mesh up", async () => {
    const up = startMesh(["up", "--output", "json"], { stateDir: state.dir, env: { NODE_DEBUG: "module" } });
    await up.nextLine();
    assert.equal(await up.stop("SIGTERM"), 0);
    assert.match(up.stderr(), /dataplane\.cjs/);
  });
});
