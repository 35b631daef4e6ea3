/** A sidecar's admin listener: Envoy's endpoints, shapes and status codes, on real sockets. */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { send } from "../../helpers/http-client.js";
import { startUpstream, type Upstream } from "../../helpers/upstreams.js";
import { colors } from "../meshes.js";
import { type Running, runSidecars } from "../sidecars.js";

describe("the admin listener", () => {
  let v1: Upstream;
  let v2: Upstream;
  let sidecars: Running;
  const admin = () => sidecars.address("caller", "admin");
  const get = (path: string, method = "GET") => send(admin(), { path, method });

  before(async () => {
    v1 = await startUpstream("colors-v1", "127.0.0.13");
    v2 = await startUpstream("colors-v2", "127.0.0.14");
    sidecars = await runSidecars([colors()], { "colors-v1": v1.address, "colors-v2": v2.address });
    for (let i = 0; i < 5; i++)
      await send(sidecars.address("caller"), { headers: { host: "colors.local", "x-beta-user": "true" } });
    await send(sidecars.address("caller"), { headers: { host: "nope.local" } });
  });
  after(async () => {
    await sidecars.stop();
    await v1.close();
    await v2.close();
  });

  it("says LIVE on /ready and in /server_info, as readiness probes grep it", async () => {
    const ready = await get("/ready");
    assert.deepEqual([ready.status, ready.body], [200, "LIVE\n"]);
    const info = await get("/server_info");
    assert.match(info.body, /"state": "LIVE"/);
    assert.equal(JSON.parse(info.body).node.id, "mesh/colors/virtualNode/caller");
  });

  it("counts traffic under Envoy's stat names", async () => {
    const stats = (await get("/stats")).body;
    assert.match(stats, /^cluster\.cds_egress_colors_colors-v2_http_8080\.upstream_rq_200: 5$/m);
    assert.match(stats, /^cluster\.cds_egress_colors_colors-v2_http_8080\.upstream_rq_2xx: 5$/m);
    assert.match(stats, /^http\.egress\.downstream_rq_4xx: 1$/m);
    assert.match(stats, /^http\.egress\.no_route: 1$/m);
    assert.match(stats, /^rds\.rds_egress_http_8080\.version_text: "[0-9a-f]{16}"$/m);
    assert.match(stats, /^cluster\.cds_egress_colors_colors-v2_http_8080\.upstream_rq_time: P0\(nan,/m);
    const filtered = (await get("/stats?filter=upstream_rq_200&usedonly")).body.trim().split("\n");
    assert.deepEqual(filtered, ["cluster.cds_egress_colors_colors-v2_http_8080.upstream_rq_200: 5"]);
  });

  it("serves Prometheus text with Envoy's tag extraction", async () => {
    const text = (await get("/stats/prometheus")).body;
    assert.match(text, /^# TYPE envoy_cluster_upstream_rq counter$/m);
    assert.match(
      text,
      /^envoy_cluster_upstream_rq\{envoy_response_code="200",envoy_cluster_name="cds_egress_colors_colors-v2_http_8080"\} 5$/m,
    );
    assert.match(
      text,
      /^envoy_http_downstream_rq_xx\{envoy_response_code_class="4",envoy_http_conn_manager_prefix="egress"\} 1$/m,
    );
  });

  it("lists clusters and hosts in /clusters' text lines", async () => {
    const text = (await get("/clusters")).body;
    assert.match(text, /^cds_egress_colors_colors-v2_http_8080::default_priority::max_connections::2147483647$/m);
    assert.match(text, /^cds_egress_colors_colors-v2_http_8080::high_priority::max_retries::3$/m);
    assert.match(text, /^cds_egress_colors_colors-v2_http_8080::127\.0\.0\.1:\d+::rq_success::5$/m);
    assert.match(text, /^cds_egress_colors_colors-v2_http_8080::127\.0\.0\.1:\d+::health_flags::healthy$/m);
  });

  it("lists listeners, and dumps the config the proxy runs from", async () => {
    assert.match((await get("/listeners")).body, /^lds_egress_127\.0\.0\.1_\d+::127\.0\.0\.1:\d+$/m);
    const dump = JSON.parse((await get("/config_dump")).body) as { configs: { "@type": string }[] };
    assert.deepEqual(
      dump.configs.map((c) => c["@type"].split(".").at(-1)),
      [
        "BootstrapConfigDump",
        "ClustersConfigDump",
        "ListenersConfigDump",
        "ScopedRoutesConfigDump",
        "RoutesConfigDump",
        "SecretsConfigDump",
      ],
    );
    const routes = (await get("/config_dump?resource=dynamic_route_configs")).body;
    assert.match(routes, /"name": "rds_egress_http_8080"/);
    assert.match(routes, /"num_retries": 2/);
  });

  it("answers mutating endpoints only to POST, and unknown paths with the help", async () => {
    const refused = await get("/healthcheck/fail");
    assert.deepEqual([refused.status, refused.body], [405, "Method GET not allowed, POST required."]);
    const unknown = await get("/nope");
    assert.equal(unknown.status, 404);
    assert.match(unknown.body, /^invalid path\. admin commands are:\n {2}\/: Admin home page\n/);
    assert.match(unknown.body, /\n {2}\/quitquitquit: exit the server \(POST\)\n/);
  });

  it("fails readiness after POST /healthcheck/fail, and recovers after /healthcheck/ok", async () => {
    assert.equal((await get("/healthcheck/fail", "POST")).body, "OK\n");
    assert.deepEqual([(await get("/ready")).status, (await get("/ready")).body], [503, "DRAINING\n"]);
    await get("/healthcheck/ok", "POST");
    assert.equal((await get("/ready")).status, 200);
  });
});
