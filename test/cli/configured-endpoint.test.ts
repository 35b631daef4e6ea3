/**
 * Endpoints from the configuration, in the AWS CLI's order: --endpoint-url, AWS_ENDPOINT_URL_<SERVICE>,
 * AWS_ENDPOINT_URL, the profile's services section, the profile's endpoint_url; none of the
 * configured ones when AWS_IGNORE_CONFIGURED_ENDPOINT_URLS (or the profile's
 * ignore_configured_endpoint_urls) is true. A configured endpoint selects the AWS backend, and the
 * request reaches it.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { configuredEndpoint } from "../../src/cli/configured-endpoint.js";
import type { GlobalOptions } from "../../src/cli/global-options.js";
import { appmesh } from "../../src/model/generated/appmesh.js";
import { servicediscovery } from "../../src/model/generated/servicediscovery.js";
import { type RecordingServer, startRecordingServer } from "../helpers/recording-server.js";
import { runMesh, tempStateDir } from "../helpers/run-mesh.js";

const home = mkdtempSync(join(tmpdir(), "mesh-endpoints-"));
const CONFIG = join(home, "config");
const globals = (extra: Partial<GlobalOptions> = {}) =>
  ({ verifySsl: true, paginate: true, signRequest: true, cliPager: true, ...extra }) as GlobalOptions;
const env = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({ HOME: home, AWS_CONFIG_FILE: CONFIG, ...extra });

describe("configured endpoints", () => {
  after(() => rmSync(home, { recursive: true, force: true }));

  it("follow the AWS CLI's precedence, service by service", () => {
    writeFileSync(
      CONFIG,
      [
        "[default]",
        "endpoint_url = http://profile.example",
        "services = local",
        "[services local]",
        "servicediscovery =",
        "  endpoint_url = http://services-section.example",
        "",
      ].join("\n"),
    );
    const all = {
      AWS_ENDPOINT_URL_APP_MESH: "http://app-mesh-env.example",
      AWS_ENDPOINT_URL: "http://global-env.example",
    };
    assert.equal(
      configuredEndpoint(appmesh, globals({ endpointUrl: "http://flag.example" }), env(all)),
      "http://flag.example",
    );
    assert.equal(configuredEndpoint(appmesh, globals(), env(all)), "http://app-mesh-env.example");
    assert.equal(configuredEndpoint(servicediscovery, globals(), env(all)), "http://global-env.example");
    assert.equal(
      configuredEndpoint(
        servicediscovery,
        globals(),
        env({ AWS_ENDPOINT_URL_SERVICEDISCOVERY: "http://sd-env.example" }),
      ),
      "http://sd-env.example",
    );
    assert.equal(configuredEndpoint(servicediscovery, globals(), env()), "http://services-section.example");
    assert.equal(configuredEndpoint(appmesh, globals(), env()), "http://profile.example");
  });

  it("the named profile's settings count, and ignore_configured_endpoint_urls turns them all off but the flag", () => {
    writeFileSync(
      CONFIG,
      "[profile team]\nendpoint_url = http://team.example\n[profile quiet]\nendpoint_url = http://x.example\nignore_configured_endpoint_urls = true\n",
    );
    assert.equal(configuredEndpoint(appmesh, globals({ profile: "team" }), env()), "http://team.example");
    assert.equal(configuredEndpoint(appmesh, globals(), env({ AWS_PROFILE: "team" })), "http://team.example");
    assert.equal(configuredEndpoint(appmesh, globals(), env()), undefined);
    assert.equal(
      configuredEndpoint(appmesh, globals({ profile: "quiet" }), env({ AWS_ENDPOINT_URL: "http://e.example" })),
      undefined,
    );
    const ignore = env({ AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: "true", AWS_ENDPOINT_URL: "http://e.example" });
    assert.equal(configuredEndpoint(appmesh, globals({ profile: "team" }), ignore), undefined);
    assert.equal(
      configuredEndpoint(appmesh, globals({ endpointUrl: "http://flag.example" }), ignore),
      "http://flag.example",
    );
  });

  describe("select the AWS backend with that URL", () => {
    let server: RecordingServer;
    const state = tempStateDir();
    const base = {
      HOME: home,
      AWS_CONFIG_FILE: join(home, "none"),
      AWS_SHARED_CREDENTIALS_FILE: join(home, "none"),
      AWS_ACCESS_KEY_ID: "AKIDENDPOINT",
      AWS_SECRET_ACCESS_KEY: "s",
      AWS_REGION: "us-east-1",
      AWS_PROFILE: undefined,
      MESH_BACKEND: undefined,
    };
    before(async () => {
      server = await startRecordingServer();
      server.fallback = { body: { meshes: [] } };
    });
    after(async () => {
      await server.close();
      state.cleanup();
    });

    for (const variable of ["AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_APP_MESH"]) {
      it(`${variable}: the request goes to the endpoint, not to the local state`, async () => {
        const before = server.requests.length;
        const result = await runMesh(["list-meshes"], {
          stateDir: state.dir,
          env: { ...base, [variable]: server.url },
        });
        assert.deepEqual(result, { code: 0, stdout: '{\n    "meshes": []\n}\n', stderr: "" });
        assert.equal(server.requests.length, before + 1);
        assert.equal(server.requests.at(-1)?.path, "/v20190125/meshes");
      });
    }

    it("the profile's endpoint_url, too; --backend local keeps the local state", async () => {
      writeFileSync(join(home, "endpoint-config"), `[default]\nendpoint_url = ${server.url}\n`);
      const env = { ...base, AWS_CONFIG_FILE: join(home, "endpoint-config") };
      const before = server.requests.length;
      assert.equal((await runMesh(["list-meshes"], { stateDir: state.dir, env })).code, 0);
      assert.equal(server.requests.length, before + 1);
      const local = await runMesh(["list-meshes", "--backend", "local"], { stateDir: state.dir, env });
      assert.equal(local.code, 0);
      assert.equal(server.requests.length, before + 1);
    });
  });
});
