/**
 * The Terraform AWS provider against `mesh serve`: a configuration with every aws_appmesh_* resource
 * type (test/fixtures/terraform/main.tf) applies, plans with no changes (no drift between what the
 * provider wrote and what mesh answers), and destroys. The server is bin/mesh.js serve on 127.0.0.1
 * port 0, started here and always stopped. Skipped, with the reason, where terraform or the provider
 * mirror (`terraform init -plugin-dir`, TF_PLUGIN_DIR or /opt/tf-plugins) is missing.
 */
import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { accessSync, constants, copyFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { after, before, describe, it } from "node:test";
import { repoRoot } from "../helpers/paths.js";
import { MESH_BIN, runMesh } from "../helpers/run-mesh.js";

const PLUGIN_DIR = process.env.TF_PLUGIN_DIR ?? "/opt/tf-plugins";

function findTerraform(): string | undefined {
  for (const dir of (process.env.PATH ?? "").split(delimiter)) {
    const candidate = join(dir, "terraform");
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {}
  }
  return undefined;
}

const terraform = findTerraform();
const skip = !terraform
  ? "terraform is not installed (not on PATH)"
  : !existsSync(join(PLUGIN_DIR, "registry.terraform.io", "hashicorp", "aws"))
    ? `no Terraform AWS provider mirror in ${PLUGIN_DIR} (set TF_PLUGIN_DIR)`
    : false;

function run(file: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }) {
  return new Promise<{ code: number; output: string }>((resolve, reject) => {
    const child = spawn(file, args, { ...options, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk) => {
      output += chunk;
    });
    child.stderr.on("data", (chunk) => {
      output += chunk;
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? -1, output }));
  });
}

describe("Terraform's aws_appmesh_* resources against mesh serve", { skip }, () => {
  const work = mkdtempSync(join(tmpdir(), "mesh-terraform-"));
  const stateDir = join(work, "state");
  let server: ChildProcess | undefined;
  let endpoint = "";
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: work,
    TF_CLI_CONFIG_FILE: join(work, "terraformrc"),
    TF_IN_AUTOMATION: "1",
    CHECKPOINT_DISABLE: "1",
  };
  const tf = async (...args: string[]) => {
    const result = await run(terraform as string, [...args, "-input=false", "-no-color"], { cwd: work, env });
    return result;
  };
  const local = (...args: string[]) => runMesh(args, { stateDir, env: { AWS_REGION: "us-east-1" } });

  before(async () => {
    writeFileSync(env.TF_CLI_CONFIG_FILE as string, "");
    copyFileSync(join(repoRoot, "test", "fixtures", "terraform", "main.tf"), join(work, "main.tf"));
    const child = spawn(process.execPath, [MESH_BIN, "serve", "--port", "0"], {
      env: { ...process.env, MESH_STATE_DIR: stateDir },
      stdio: ["ignore", "pipe", "inherit"],
    });
    server = child;
    endpoint = await new Promise<string>((resolve, reject) => {
      let seen = "";
      child.stdout?.on("data", (chunk) => {
        seen += chunk;
        const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(seen)?.[1];
        if (url) resolve(url);
      });
      child.on("exit", (code) => reject(new Error(`mesh serve exited (${code}) before listening`)));
    });
  });

  after(async () => {
    if (server && server.exitCode === null) {
      const exited = new Promise((resolve) => server?.on("exit", resolve));
      server.kill("SIGTERM");
      await exited;
    }
    rmSync(work, { recursive: true, force: true });
  });

  it("init, apply, plan without changes, destroy", async () => {
    const init = await tf("init", "-plugin-dir", PLUGIN_DIR);
    assert.equal(init.code, 0, init.output);

    const apply = await tf("apply", "-auto-approve", "-var", `endpoint=${endpoint}`);
    assert.equal(apply.code, 0, apply.output);
    assert.match(apply.output, /Apply complete! Resources: 9 added, 0 changed, 0 destroyed\./);
    const nodes = await local(
      "list-virtual-nodes",
      "--mesh-name",
      "colors",
      "--query",
      "sort(virtualNodes[].virtualNodeName)",
    );
    assert.deepEqual(JSON.parse(nodes.stdout), ["blue", "red"]);

    const plan = await tf("plan", "-detailed-exitcode", "-var", `endpoint=${endpoint}`);
    assert.equal(plan.code, 0, `terraform plan found drift:\n${plan.output}`);
    assert.match(plan.output, /No changes\. Your infrastructure matches the configuration\./);

    // The plan has just read every resource back: the destroy needs no second refresh.
    const destroy = await tf("destroy", "-auto-approve", "-refresh=false", "-var", `endpoint=${endpoint}`);
    assert.equal(destroy.code, 0, destroy.output);
    assert.match(destroy.output, /Destroy complete! Resources: 9 destroyed\./);
    assert.deepEqual(JSON.parse((await local("list-meshes")).stdout), { meshes: [] });
  });
});
