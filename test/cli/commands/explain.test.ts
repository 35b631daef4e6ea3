/** mesh explain and mesh route-check, offline on documents: the proxy's routing, without traffic. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { runMain } from "../../helpers/run-mesh.js";

const FROM = ["--from", "test/fixtures/dataplane/colors"];

describe("mesh explain", () => {
  it("names the service, the route and why it won, and the targets with Envoy's names", async () => {
    const result = await runMain([
      "explain",
      "http://colors.local:8080/",
      "--virtual-node",
      "caller",
      "-H",
      "x-beta-user: true",
      ...FROM,
    ]);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(
      result.stdout,
      [
        "virtual service  colors.local (mesh/colors/virtualRouter/colors-router)",
        'route            beta (mesh/colors/virtualRouter/colors-router/route/beta), route 1 in order: prefix /, x-beta-user {"exact":"true"}',
        "targets",
        "    colors-v2:8080  weight 100  (cds_egress_colors_colors-v2_http_8080)",
        "timeout          15s",
        "retries          2 retries on unavailable,connect-failure,refused-stream,retriable-status-codes (503)",
        "envoy            route configuration rds_egress_http_8080",
        "",
      ].join("\n"),
    );
  });

  it("lists the routes before the winner and why each did not match", async () => {
    const result = await runMain([
      "explain",
      "http://colors.local/",
      "--virtual-node",
      "caller",
      ...FROM,
      "--output",
      "json",
    ]);
    const decision = JSON.parse(result.stdout);
    assert.equal(decision.route, "canary");
    assert.deepEqual(decision.skipped, [
      { route: "beta", why: "header x-beta-user is absent; the route needs it to be true" },
    ]);
    assert.deepEqual(
      decision.targets.map((t: { virtualNode: string; weight: number }) => [t.virtualNode, t.weight]),
      [
        ["colors-v1", 90],
        ["colors-v2", 10],
      ],
    );
  });

  it("gives the local reply and the object that decided it", async () => {
    const result = await runMain(["explain", "http://billing.local/", "--virtual-node", "caller", ...FROM]);
    assert.equal(
      result.stdout,
      "local reply      404 NR, decided by mesh/colors/virtualNode/caller (egress filter DROP_ALL: not a backend of virtual node caller)\n",
    );
  });

  it("refuses a node the mesh does not have, and a URL that is not one (252)", async () => {
    const node = await runMain(["explain", "http://colors.local/", "--virtual-node", "nobody", ...FROM]);
    assert.equal(node.code, 252);
    assert.match(node.stderr, /mesh colors has no virtual node nobody \(it has: caller, colors-v1, colors-v2\)/);
    const url = await runMain(["explain", "colors.local/x", "--virtual-node", "caller", ...FROM]);
    assert.equal(url.code, 252);
    assert.match(url.stderr, /not an http\(s\) URL: colors\.local\/x/);
  });
});

describe("mesh route-check", () => {
  it("passes a table that holds, and exits 0", async () => {
    const result = await runMain(["route-check", "test/fixtures/dataplane/route-checks.yaml", ...FROM]);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(
      result.stdout,
      "ok    beta users reach v2 only\nok    everyone else is split 90/10\nok    hosts that are not backends are refused\n3 passed, 0 failed\n",
    );
  });

  it("catches a wrong expectation, says what differs, and exits 1", async () => {
    const result = await runMain(["route-check", "test/fixtures/dataplane/route-checks-wrong.yaml", ...FROM]);
    assert.equal(result.code, 1);
    assert.equal(
      result.stdout,
      [
        "ok    beta users reach v2 only",
        "FAIL  a wrong expectation",
        '        route: expected "beta", got "canary"',
        '        targets: expected {"colors-v1":50,"colors-v2":50}, got {"colors-v1":90,"colors-v2":10}',
        "1 passed, 1 failed",
        "",
      ].join("\n"),
    );
  });

  it("refuses a table it cannot read, naming the path of what is wrong (252)", async () => {
    const bad = await runMain(["route-check", "test/fixtures/dataplane/route-checks-bad.yaml", ...FROM]);
    assert.equal(bad.code, 252);
    assert.equal(
      bad.stderr,
      "\ntest/fixtures/dataplane/route-checks-bad.yaml: tests[0].request.url: expected a string\n",
    );
    const notTable = await runMain(["route-check", "test/fixtures/dataplane/colors/mesh.yaml", ...FROM]);
    assert.equal(notTable.code, 252);
    assert.match(
      notTable.stderr,
      /^\ntest\/fixtures\/dataplane\/colors\/mesh\.yaml: invalid YAML: Source contains multiple documents/,
    );
  });
});
