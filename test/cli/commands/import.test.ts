/**
 * `mesh import` from the command line: documents printed or written, `--apply` onto the local backend
 * twice (one set of resources, then "no changes"), problems named by file, resource and path (exit
 * 252); and `mesh validate` / `mesh graph --from` reading the same forms directly.
 */
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { meshJson, runMain, runMesh, tempStateDir } from "../../helpers/run-mesh.js";

const SHOP = "test/fixtures/migrate/shop";
const VPC = ["--parameter", "VpcId=vpc-0abc1234"];

describe("mesh import", () => {
  const scratch = mkdtempSync(join(tmpdir(), "mesh-import-cli-"));
  after(() => rmSync(scratch, { recursive: true, force: true }));

  it("prints the same documents from the CloudFormation template and the Terraform state, in dependency order", async () => {
    const cfn = await runMain(["import", `${SHOP}/shop.cfn.yaml`, ...VPC]);
    const tf = await runMain(["import", `${SHOP}/terraform.json`]);
    assert.equal(cfn.code, 0, cfn.stderr);
    assert.equal(tf.stdout, cfn.stdout);
    const operations = [...cfn.stdout.matchAll(/^operation: (.*)$/gm)].map((m) => m[1]);
    assert.deepEqual(operations.slice(0, 4), [
      "create-mesh",
      "servicediscovery create-private-dns-namespace",
      "servicediscovery create-service",
      "create-virtual-node",
    ]);
    assert.equal(operations.at(-1), "create-gateway-route");
    assert.match(
      cfn.stderr,
      /left aside \(neither App Mesh nor Cloud Map\): .*Resources\.Cluster \(AWS::ECS::Cluster\)/,
    );
  });

  it("--output json prints one array; --out writes one file per kind that mesh validate passes", async () => {
    const json = JSON.parse((await runMain(["import", `${SHOP}/k8s`, "--output", "json"])).stdout);
    assert.equal(json.length, 20);
    assert.deepEqual(json[0], {
      operation: "create-mesh",
      meshName: "shop",
      spec: { egressFilter: { type: "DROP_ALL" } },
    });
    const out = join(scratch, "docs");
    const written = await runMain(["import", `${SHOP}/k8s`, "--out", out]);
    assert.equal(written.code, 0, written.stderr);
    assert.deepEqual(readdirSync(out), [
      "1-meshes.yaml",
      "4-virtual-nodes.yaml",
      "5-virtual-routers.yaml",
      "6-routes.yaml",
      "7-virtual-services.yaml",
      "8-virtual-gateways.yaml",
      "9-gateway-routes.yaml",
    ]);
    const validated = await runMain(["validate", out]);
    assert.equal(validated.code, 0, validated.stdout);
  });

  it("lists what cannot be imported with file, resource and path, imports nothing, and exits 252", async () => {
    const result = await runMain(["import", `${SHOP}/shop.cfn.yaml`]);
    assert.equal(result.code, 252);
    assert.equal(result.stdout, "");
    assert.match(
      result.stderr,
      /^test\/fixtures\/migrate\/shop\/shop\.cfn\.yaml: Resources\.ShopNamespace: Properties\.Vpc\.Ref: cannot be resolved statically: parameter VpcId has no default: give it with --parameter VpcId=VALUE$/m,
    );
    assert.match(result.stderr, /1 problem: nothing was imported/);
  });

  it("refuses a malformed --parameter and a missing path as usage errors", async () => {
    assert.match((await runMain(["import", `${SHOP}/k8s`, "--parameter", "oops"])).stderr, /expected NAME=VALUE/);
    const missing = await runMain(["import", "no/such/file.yaml"]);
    assert.equal(missing.code, 252);
    assert.match(missing.stderr, /no such file or directory: 'no\/such\/file\.yaml'/);
  });
});

describe("mesh import --apply", () => {
  const state = tempStateDir();
  after(() => state.cleanup());

  it("creates the mesh in dependency order; a second run creates nothing and says so", async () => {
    const args = ["import", `${SHOP}/shop.cfn.yaml`, ...VPC, "--apply"];
    const first = await runMesh(args, { stateDir: state.dir });
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /^created Mesh shop$/m);
    assert.match(first.stdout, /^created Cloud Map namespace shop\.local$/m);
    assert.match(first.stdout, /^22 created, 0 updated, 0 unchanged$/m);
    const second = await runMesh(args, { stateDir: state.dir });
    assert.equal(second.code, 0, second.stderr);
    assert.doesNotMatch(second.stdout, /^(created|updated) /m);
    assert.match(second.stdout, /^no changes: all 22 resources are already as declared$/m);
    const nodes = await meshJson(["list-virtual-nodes", "--mesh-name", "shop"], { stateDir: state.dir });
    assert.equal((nodes.virtualNodes as unknown[]).length, 4);
    const namespaces = await meshJson(["servicediscovery", "list-namespaces"], { stateDir: state.dir });
    assert.equal((namespaces.Namespaces as unknown[]).length, 1);
  });

  it("the same mesh from the controller manifests changes nothing; a changed weight is one update", async () => {
    const same = await runMain(["import", `${SHOP}/k8s`, "--apply"], { stateDir: state.dir });
    assert.match(same.stdout, /^no changes: all 20 resources are already as declared$/m);
    const changed = join(state.dir, "route.yaml");
    writeFileSync(
      changed,
      `operation: create-route
meshName: shop
virtualRouterName: catalog-router
routeName: main
spec:
  priority: 10
  httpRoute:
    match: { prefix: / }
    action: { weightedTargets: [{ virtualNode: catalog-v1, weight: 50 }, { virtualNode: catalog-v2_shop, weight: 50 }] }
`,
    );
    const update = await runMain(["import", changed, "--apply"], { stateDir: state.dir });
    assert.equal(update.stdout, "updated Route shop/catalog-router/main\n0 created, 1 updated, 0 unchanged\n");
  });
});

describe("mesh validate and mesh graph --from read every form", () => {
  const scratch = mkdtempSync(join(tmpdir(), "mesh-validate-forms-"));
  after(() => rmSync(scratch, { recursive: true, force: true }));

  it("a problem in a template points at the file, the resource and the property as the template writes it", async () => {
    const template = join(scratch, "bad.template.yaml");
    writeFileSync(
      template,
      `Resources:
  Node:
    Type: AWS::AppMesh::VirtualNode
    Properties:
      MeshName: m
      VirtualNodeName: n
      Spec:
        Listeners:
          - PortMapping: { Port: 70000, Protocol: http }
`,
    );
    const result = await runMain(["validate", template], { cwd: scratch });
    assert.equal(result.code, 1);
    assert.match(
      result.stdout,
      /^bad\.template\.yaml: Resources\.Node: Properties\.Spec\.Listeners\[0\]\.PortMapping\.Port: .*65535/m,
    );
  });

  it("the controller manifests and the hand-written documents validate clean and draw the same graph", async () => {
    assert.equal((await runMain(["validate", `${SHOP}/k8s`])).code, 0);
    const fromManifests = await runMain(["graph", "--from", `${SHOP}/k8s`]);
    const fromDocuments = await runMain(["graph", "--from", `${SHOP}/documents.yaml`]);
    assert.equal(fromManifests.code, 0, fromManifests.stderr);
    assert.equal(fromManifests.stdout, fromDocuments.stdout);
    assert.match(fromManifests.stdout, /catalog-router/);
  });
});
