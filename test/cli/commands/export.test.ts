/**
 * `mesh export` from the command line: the configuration on stdout and the gap report on stderr,
 * --strict failing on gaps with nothing written, --out writing the files and gaps.json, the same
 * export from a backend as from documents, and bad command lines (exit 252).
 */
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { runMain, tempStateDir } from "../../helpers/run-mesh.js";

const SHOP = "test/fixtures/migrate/shop/documents.yaml";

describe("mesh export", () => {
  const scratch = mkdtempSync(join(tmpdir(), "mesh-export-"));
  const state = tempStateDir();
  after(() => {
    rmSync(scratch, { recursive: true, force: true });
    state.cleanup();
  });

  it("prints the configuration, and each gap with resource, path and what was done instead on stderr", async () => {
    const result = await runMain(["export", "--from", SHOP, "--to", "istio"]);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^kind: VirtualService$/m);
    assert.match(
      result.stderr,
      /^gap: VirtualNode catalog-v1: spec\.listeners\[0\]\.healthCheck: active health checks by the clients' proxies; instead: not exported: .*$/m,
    );
    assert.match(result.stderr, /^\d+ feature gaps for istio$/m);
  });

  it("--strict fails on any gap (exit 1) and writes nothing", async () => {
    const result = await runMain(["export", "--from", SHOP, "--to", "lattice", "--strict"]);
    assert.equal(result.code, 1);
    assert.equal(result.stdout, "");
    assert.match(result.stderr, /feature gaps for lattice/);
  });

  it("--out writes the target's files and gaps.json", async () => {
    const out = join(scratch, "gateway-api");
    const result = await runMain(["export", "--from", SHOP, "--to", "gateway-api", "--out", out]);
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(readdirSync(out).sort(), ["gaps.json", "gateway-api.yaml"]);
    const gaps = JSON.parse(readFileSync(join(out, "gaps.json"), "utf8"));
    assert.match(result.stderr, new RegExp(`^${gaps.length} feature gaps for gateway-api$`, "m"));
    assert.deepEqual(Object.keys(gaps[0]), ["resource", "path", "detail", "instead"]);
  });

  it("--to envoy writes one bootstrap per virtual node and gateway", async () => {
    const out = join(scratch, "envoy");
    const result = await runMain(["export", "--from", SHOP, "--to", "envoy", "--out", out]);
    assert.equal(result.code, 0, result.stderr);
    const files = readdirSync(out).sort();
    assert.ok(files.includes("virtual-node-catalog-v1.envoy.yaml"), files.join(" "));
    assert.ok(files.includes("virtual-gateway-ingress_shop.envoy.yaml"), files.join(" "));
    const bootstrap = readFileSync(join(out, "virtual-gateway-ingress_shop.envoy.yaml"), "utf8");
    assert.match(bootstrap, /^ {2}id: mesh\/shop\/virtualGateway\/ingress_shop$/m);
    assert.match(result.stderr, /^gap: VirtualNode catalog-v2_shop: spec\.serviceDiscovery\.awsCloudMap: /m);
  });

  it("exports the same from a backend as from the documents the mesh was imported from", async () => {
    const imported = await runMain(["import", SHOP, "--apply"], { stateDir: state.dir });
    assert.equal(imported.code, 0, imported.stderr);
    for (const target of ["istio", "service-connect"]) {
      const fromBackend = await runMain(["export", "--mesh-name", "shop", "--to", target], { stateDir: state.dir });
      const fromDocuments = await runMain(["export", "--from", SHOP, "--to", target]);
      assert.equal(fromBackend.stdout, fromDocuments.stdout, target);
      assert.equal(fromBackend.stderr, fromDocuments.stderr, target);
    }
  });

  it("refuses an unknown target and a missing --to as usage errors", async () => {
    const unknown = await runMain(["export", "--from", SHOP, "--to", "consul"]);
    assert.equal(unknown.code, 252);
    assert.match(unknown.stderr, /argument --to: Invalid choice, valid choices are:/);
    const missing = await runMain(["export", "--from", SHOP]);
    assert.equal(missing.code, 252);
    assert.match(missing.stderr, /required: --to/);
  });
});
