/**
 * Cloud Map's current operations from the command line, on the local backend and on the AWS backend
 * through `mesh serve` (bin/mesh.js both times): service attributes set with the shorthand syntax and
 * read back, deleted by key, and DiscoverInstances' InstancesRevision, which DiscoverInstancesRevision
 * reports and every registration moves on. Both backends answer alike.
 */
import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { after, before, describe, it } from "node:test";
import { MESH_BIN, type MeshResult, runMesh, tempStateDir } from "../helpers/run-mesh.js";

describe("Cloud Map's service attributes and instance revisions from the command line", () => {
  const local = tempStateDir();
  const served = tempStateDir();
  let server: ChildProcess;
  let url = "";

  before(async () => {
    server = spawn(process.execPath, [MESH_BIN, "serve", "--port", "0"], {
      env: { ...process.env, MESH_STATE_DIR: served.dir },
      stdio: ["ignore", "pipe", "inherit"],
    });
    url = await new Promise<string>((resolve, reject) => {
      server.stdout?.on("data", (chunk: Buffer) => {
        const match = /listening on (http:\/\/\S+)/.exec(chunk.toString());
        if (match?.[1]) resolve(match[1]);
      });
      server.on("exit", (code) => reject(new Error(`mesh serve exited ${code}`)));
    });
  });
  after(async () => {
    server.kill("SIGTERM");
    await new Promise((resolve) => server.once("exit", resolve));
    local.cleanup();
    served.cleanup();
  });

  const backends = {
    local: (args: string[]) => runMesh(["servicediscovery", ...args], { stateDir: local.dir }),
    served: (args: string[]) =>
      runMesh(["servicediscovery", ...args, "--endpoint-url", url], {
        env: {
          AWS_ACCESS_KEY_ID: "AKIDCLOUDMAP",
          AWS_SECRET_ACCESS_KEY: "s",
          AWS_REGION: "us-east-1",
          AWS_MAX_ATTEMPTS: "1",
        },
      }),
  };

  for (const [name, sd] of Object.entries(backends)) {
    it(`${name}: attributes and revisions`, async () => {
      const ok = async (...args: string[]): Promise<MeshResult> => {
        const result = await sd(args);
        assert.equal(result.code, 0, `${args.join(" ")}: ${result.stderr}`);
        return result;
      };
      const text = async (...args: string[]) => (await ok(...args, "--output", "text")).stdout.trim();
      await ok("create-http-namespace", "--name", "shop.local");
      const namespace = await text("list-namespaces", "--query", "Namespaces[0].Id");
      const service = await text(
        "create-service",
        "--name",
        "web",
        "--namespace-id",
        namespace,
        "--query",
        "Service.Id",
      );

      assert.equal(
        (await ok("update-service-attributes", "--service-id", service, "--attributes", "tier=web,owner.team=shop"))
          .stdout,
        "",
      );
      await ok("delete-service-attributes", "--service-id", service, "--attributes", "tier");
      assert.equal(
        (await ok("get-service-attributes", "--service-id", service, "--query", "ServiceAttributes.Attributes")).stdout,
        '{\n    "owner.team": "shop"\n}\n',
      );

      const revision = async () =>
        Number(await text("discover-instances-revision", "--namespace-name", "shop.local", "--service-name", "web"));
      const first = await revision();
      await ok(
        "register-instance",
        "--service-id",
        service,
        "--instance-id",
        "i-1",
        "--attributes",
        "AWS_INSTANCE_IPV4=10.0.0.7,AWS_INSTANCE_PORT=8080",
      );
      const second = await revision();
      assert.ok(second > first, `${second} > ${first}`);
      const discovered = JSON.parse(
        (await ok("discover-instances", "--namespace-name", "shop.local", "--service-name", "web")).stdout,
      );
      assert.deepEqual(Object.keys(discovered), ["Instances", "InstancesRevision"]);
      assert.equal(discovered.InstancesRevision, second);
      assert.deepEqual(discovered.Instances[0].Attributes, {
        AWS_INSTANCE_IPV4: "10.0.0.7",
        AWS_INSTANCE_PORT: "8080",
      });
    });
  }
});
