/**
 * mesh route-check --against: the same table of requests, routed by App Mesh's semantics (the proxy's
 * routing) and by an Istio or Gateway API export's, must agree; a broken export is caught.
 */
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { runMain } from "../../helpers/run-mesh.js";

const FROM = ["--from", "test/fixtures/dataplane/shop-routing"];
const dir = mkdtempSync(join(tmpdir(), "mesh-route-check-"));
after(() => rmSync(dir, { recursive: true, force: true }));

/** 60 requests: paths that hit every route and miss them, with and without the pinning header, GET and POST. */
function table(): string {
  const paths = [
    "/",
    "/api",
    "/api/items",
    "/apix",
    "/health",
    "/health/x",
    "/admin",
    "/admin/users",
    "/static/a.css",
    "/API",
  ];
  const headers = [{}, { "x-version": "2" }, { "x-version": "3" }];
  const tests = paths.flatMap((path) =>
    headers.flatMap((header) =>
      ["GET", "POST"].map((method) => ({
        name: `${method} ${path} ${JSON.stringify(header)}`,
        request: { method, url: `http://shop.local:8080${path}`, headers: header },
      })),
    ),
  );
  const file = join(dir, "table.json");
  writeFileSync(file, JSON.stringify({ from: "front", tests }));
  return file;
}

describe("mesh route-check --against", () => {
  it("agrees with an Istio export on 60 requests across weights, header and path matches and priorities", async () => {
    const result = await runMain(["route-check", table(), ...FROM, "--against", "istio"]);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.match(result.stdout, /\n60 passed, 0 failed\n$/);
  });

  it("finds exactly where a Gateway API export differs, as its gap report says: PathPrefix /api does not take /apix", async () => {
    const result = await runMain(["route-check", table(), ...FROM, "--against", "gateway-api"]);
    assert.equal(result.code, 1);
    const failed = [...result.stdout.matchAll(/^FAIL {2}(.*)$/gm)].map((m) => m[1]);
    assert.deepEqual(failed, [
      "GET /apix {}",
      "POST /apix {}",
      'GET /apix {"x-version":"2"}',
      'POST /apix {"x-version":"2"}',
      'GET /apix {"x-version":"3"}',
      'POST /apix {"x-version":"3"}',
    ]);
    assert.match(result.stdout, /gateway-api: App Mesh routes it to api-v1 80%, api-v2 20%, the export to web 100%/);
    const gaps = await runMain(["export", ...FROM, "--to", "gateway-api"]);
    assert.match(
      gaps.stderr,
      /a string prefix: \/api matches \/apix too; instead: PathPrefix \/api, which matches whole path segments/,
    );
  });

  it("catches a deliberately broken export, request by request", async () => {
    const out = join(dir, "export");
    const exported = await runMain(["export", ...FROM, "--to", "istio", "--out", out]);
    assert.equal(exported.code, 0, exported.stderr);
    const file = join(out, "istio.yaml");
    const text = readFileSync(file, "utf8");
    const broken = text.replace(/weight: 80\n/, "weight: 50\n").replace(/weight: 20\n/, "weight: 50\n");
    assert.notEqual(broken, text);
    writeFileSync(file, broken);
    const result = await runMain(["route-check", table(), ...FROM, "--against", "istio", "--export", out]);
    assert.equal(result.code, 1);
    assert.match(
      result.stdout,
      /FAIL {2}GET \/api\/items \{\}\n {8}istio: App Mesh routes it to api-v1 80%, api-v2 20%, the export to api-v1 50%, api-v2 50%\n/,
    );
    assert.match(result.stdout, /ok {4}GET \/api\/items \{"x-version":"2"\}\n/);
    assert.match(result.stdout, /\n\d+ passed, [1-9]\d* failed\n$/);
  });

  it("refuses an unknown system, and --export without --against (252)", async () => {
    assert.equal((await runMain(["route-check", table(), ...FROM, "--against", "linkerd"])).code, 252);
    assert.equal((await runMain(["route-check", table(), ...FROM, "--export", dir])).code, 252);
  });
});
