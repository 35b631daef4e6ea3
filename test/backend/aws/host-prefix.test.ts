/**
 * Cloud Map's `data-` host prefix: kept for AWS's own endpoints and host names, dropped for explicit
 * endpoints that cannot take it (IP addresses, localhost), and off everywhere with
 * AWS_DISABLE_HOST_PREFIX_INJECTION or the profile's disable_host_prefix_injection. So DiscoverInstances
 * through mesh's AWS backend reaches `mesh serve` on 127.0.0.1.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { hostPrefixDisabled } from "../../../src/backend/aws/host-prefix.js";
import { type Fixture, serve } from "../../emulator/server/server-fixture.js";
import { runMesh } from "../../helpers/run-mesh.js";

describe("the data- host prefix", () => {
  it("is dropped for an IP address or localhost, kept for a host name or AWS's endpoint", () => {
    assert.equal(hostPrefixDisabled("http://127.0.0.1:4566", {}, undefined), true);
    assert.equal(hostPrefixDisabled("http://[::1]:4566/", {}, undefined), true);
    assert.equal(hostPrefixDisabled("http://localhost:4566", {}, undefined), true);
    assert.equal(hostPrefixDisabled("https://cloudmap.internal.example", {}, undefined), false);
    assert.equal(hostPrefixDisabled(undefined, {}, undefined), false);
  });

  it("AWS_DISABLE_HOST_PREFIX_INJECTION, else the profile's setting, turns it off for any endpoint", () => {
    const named = "https://cloudmap.internal.example";
    assert.equal(hostPrefixDisabled(named, { AWS_DISABLE_HOST_PREFIX_INJECTION: "true" }, undefined), true);
    assert.equal(hostPrefixDisabled(undefined, { AWS_DISABLE_HOST_PREFIX_INJECTION: "TRUE" }, undefined), true);
    assert.equal(hostPrefixDisabled(named, {}, { disable_host_prefix_injection: "true" }), true);
    assert.equal(
      hostPrefixDisabled(
        named,
        { AWS_DISABLE_HOST_PREFIX_INJECTION: "false" },
        { disable_host_prefix_injection: "true" },
      ),
      false,
    );
  });

  describe("mesh servicediscovery discover-instances --endpoint-url <mesh serve>", () => {
    let fixture: Fixture;
    before(async () => {
      fixture = await serve();
      const sd = fixture.cloudMap();
      const { OperationId } = await sd.createHttpNamespace({ Name: "shop.local" });
      const ns = (await sd.getOperation({ OperationId })).Operation?.Targets?.NAMESPACE;
      const { Service } = await sd.createService({ Name: "web", NamespaceId: ns });
      await sd.registerInstance({
        ServiceId: Service?.Id,
        InstanceId: "i-1",
        Attributes: { AWS_INSTANCE_IPV4: "10.0.0.7" },
      });
    });
    after(() => fixture.stop());

    const env = () => ({
      AWS_ACCESS_KEY_ID: "AKIDMESHTEST",
      AWS_SECRET_ACCESS_KEY: "mesh-test-secret",
      AWS_REGION: "us-east-1",
      AWS_PROFILE: undefined,
      AWS_CONFIG_FILE: "/nonexistent",
      AWS_SHARED_CREDENTIALS_FILE: "/nonexistent",
      AWS_MAX_ATTEMPTS: "1",
    });

    for (const command of ["discover-instances", "discover-instances-revision"]) {
      it(`${command} reaches the server`, async () => {
        const args = ["servicediscovery", command, "--namespace-name", "shop.local", "--service-name", "web"];
        const result = await runMesh([...args, "--endpoint-url", fixture.server.url], { env: env() });
        assert.equal(result.code, 0, result.stderr);
        assert.match(result.stdout, /"InstancesRevision": \d+/);
      });
    }
  });
});
