/**
 * The AWS backend, checked on the wire: what it sends for each kind of operation (method, path, query,
 * JSON body, SigV4 headers) to a recording server, and how each failure reads and exits, as the AWS
 * CLI's do.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, beforeEach, describe, it } from "node:test";
import { type RecordingServer, startRecordingServer } from "../../helpers/recording-server.js";
import { runMesh } from "../../helpers/run-mesh.js";

const home = mkdtempSync(join(tmpdir(), "mesh-aws-home-"));
const ENV = {
  HOME: home,
  AWS_CONFIG_FILE: join(home, "config"),
  AWS_SHARED_CREDENTIALS_FILE: join(home, "credentials"),
  AWS_EC2_METADATA_DISABLED: "true",
  AWS_ACCESS_KEY_ID: "AKIDEXAMPLE",
  AWS_SECRET_ACCESS_KEY: "secret",
  AWS_REGION: "us-east-1",
  AWS_DEFAULT_REGION: undefined,
  AWS_PROFILE: undefined,
  AWS_MAX_ATTEMPTS: undefined,
  MESH_BACKEND: undefined,
};

const MESH = {
  meshName: "m1",
  metadata: {
    arn: "arn:aws:appmesh:us-east-1:123456789012:mesh/m1",
    createdAt: 1700000000.123,
    lastUpdatedAt: 1700000000.123,
    meshOwner: "123456789012",
    resourceOwner: "123456789012",
    uid: "u-1",
    version: 1,
  },
  spec: {},
  status: { status: "ACTIVE" },
};

describe("AWS backend", () => {
  let server: RecordingServer;
  before(async () => {
    server = await startRecordingServer();
  });
  after(async () => {
    await server.close();
    rmSync(home, { recursive: true, force: true });
  });
  beforeEach(() => {
    server.requests.length = 0;
    server.replies = [];
    server.fallback = { status: 200, body: {} };
  });
  // A real subprocess: the SDK reads its credentials and profiles from the process environment.
  const mesh = (args: string[], env: Record<string, string | undefined> = {}) =>
    runMesh([...args, "--endpoint-url", server.url], { env: { ...ENV, TZ: "UTC", ...env } });

  describe("requests", () => {
    it("create-mesh: PUT /v20190125/meshes with a JSON body and a client token, signed for appmesh", async () => {
      server.replies = [{ body: MESH }];
      const result = await mesh(["create-mesh", "--mesh-name", "m1", "--spec", "egressFilter={type=DROP_ALL}"]);
      assert.equal(result.code, 0, result.stderr);
      const [request] = server.requests;
      assert.equal(request?.method, "PUT");
      assert.equal(request?.path, "/v20190125/meshes");
      const body = JSON.parse(request?.body ?? "{}");
      assert.equal(body.meshName, "m1");
      assert.deepEqual(body.spec, { egressFilter: { type: "DROP_ALL" } });
      assert.match(body.clientToken, /^[0-9a-f-]{36}$/);
      assert.equal(request?.headers["content-type"], "application/json");
      assert.match(
        String(request?.headers.authorization),
        /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/us-east-1\/appmesh\/aws4_request, SignedHeaders=[^,]*host[^,]*x-amz-date[^,]*, Signature=[0-9a-f]{64}$/,
      );
      assert.match(String(request?.headers["x-amz-date"]), /^\d{8}T\d{6}Z$/);
    });

    it("prints what the service answered, timestamps as ISO-8601", async () => {
      server.replies = [{ body: MESH }];
      const result = await mesh(["describe-mesh", "--mesh-name", "m1", "--query", "mesh.metadata.createdAt"]);
      assert.equal(result.stdout, '"2023-11-14T22:13:20.123000+00:00"\n');
    });

    it("describe: GET with names in the path (percent-encoded) and meshOwner in the query", async () => {
      server.replies = [{ body: { ...MESH, meshName: "a/b c" } }];
      await mesh(["describe-mesh", "--mesh-name", "a/b c", "--mesh-owner", "123456789012"]);
      assert.equal(server.requests[0]?.method, "GET");
      assert.equal(server.requests[0]?.path, "/v20190125/meshes/a%2Fb%20c?meshOwner=123456789012");
    });

    it("delete: DELETE on the resource's path", async () => {
      server.replies = [{ body: { ...MESH, status: { status: "DELETED" } } }];
      await mesh(["delete-virtual-node", "--mesh-name", "m1", "--virtual-node-name", "n1"]);
      assert.equal(server.requests[0]?.method, "DELETE");
      assert.equal(server.requests[0]?.path, "/v20190125/meshes/m1/virtualNodes/n1");
    });

    it("tag-resource: PUT /v20190125/tag with the ARN in the query and the tags in the body", async () => {
      const arn = "arn:aws:appmesh:us-east-1:123456789012:mesh/m1";
      const result = await mesh(["tag-resource", "--resource-arn", arn, "--tags", "key=a,value=b"]);
      assert.deepEqual(result, { code: 0, stdout: "", stderr: "" });
      assert.equal(server.requests[0]?.path, `/v20190125/tag?resourceArn=${encodeURIComponent(arn)}`);
      assert.deepEqual(JSON.parse(server.requests[0]?.body ?? "{}"), { tags: [{ key: "a", value: "b" }] });
    });

    it("list: follows nextToken with the page size as limit, and merges the pages", async () => {
      const ref = (name: string) => ({ ...MESH.metadata, meshName: name });
      server.replies = [{ body: { meshes: [ref("a")], nextToken: "t1" } }, { body: { meshes: [ref("b")] } }];
      const result = await mesh([
        "list-meshes",
        "--page-size",
        "1",
        "--query",
        "meshes[].meshName",
        "--output",
        "text",
      ]);
      assert.equal(result.stdout.trim().split(/\s+/).join(" "), "a b");
      assert.deepEqual(
        server.requests.map((r) => r.path),
        ["/v20190125/meshes?limit=1", "/v20190125/meshes?limit=1&nextToken=t1"],
      );
    });

    it("--no-sign-request sends no Authorization header", async () => {
      server.replies = [{ body: { meshes: [] } }];
      await mesh(["list-meshes", "--no-sign-request"], {
        AWS_ACCESS_KEY_ID: undefined,
        AWS_SECRET_ACCESS_KEY: undefined,
      });
      assert.equal(server.requests[0]?.headers.authorization, undefined);
    });

    it("the SDK's own warnings stay off stderr (a profile and environment keys at once)", async () => {
      writeFileSync(ENV.AWS_CONFIG_FILE, "[profile team]\nregion = eu-west-1\n");
      writeFileSync(
        ENV.AWS_SHARED_CREDENTIALS_FILE,
        "[team]\naws_access_key_id = AKIDTEAM\naws_secret_access_key = s\n",
      );
      server.replies = [{ body: { meshes: [] } }];
      const result = await mesh(["list-meshes"], { AWS_PROFILE: "team" });
      assert.deepEqual(result, { code: 0, stdout: '{\n    "meshes": []\n}\n', stderr: "" });
    });

    it("takes the region from the profile, and signs with the profile's keys", async () => {
      writeFileSync(ENV.AWS_CONFIG_FILE, "[profile team]\nregion = eu-west-1\n");
      writeFileSync(
        ENV.AWS_SHARED_CREDENTIALS_FILE,
        "[team]\naws_access_key_id = AKIDTEAM\naws_secret_access_key = s\n",
      );
      server.replies = [{ body: { meshes: [] } }];
      const env = { AWS_REGION: undefined, AWS_ACCESS_KEY_ID: undefined, AWS_SECRET_ACCESS_KEY: undefined };
      const result = await mesh(["list-meshes", "--profile", "team"], env);
      assert.equal(result.code, 0, result.stderr);
      assert.match(
        String(server.requests[0]?.headers.authorization),
        /Credential=AKIDTEAM\/\d{8}\/eu-west-1\/appmesh\//,
      );
    });
  });

  describe("failures", () => {
    it("a service error: its name and message, exit 254", async () => {
      server.replies = [
        { status: 404, headers: { "x-amzn-errortype": "NotFoundException" }, body: { message: "Mesh nope not found" } },
      ];
      assert.deepEqual(await mesh(["describe-mesh", "--mesh-name", "nope"]), {
        code: 254,
        stdout: "",
        stderr:
          "\nAn error occurred (NotFoundException) when calling the DescribeMesh operation: Mesh nope not found\n",
      });
    });

    it("with AWS_MAX_ATTEMPTS=1 even a 404 reports the retries it did not make", async () => {
      server.replies = [
        { status: 404, headers: { "x-amzn-errortype": "NotFoundException" }, body: { message: "Mesh nope not found" } },
      ];
      const result = await mesh(["describe-mesh", "--mesh-name", "nope"], { AWS_MAX_ATTEMPTS: "1" });
      assert.equal(
        result.stderr,
        "\nAn error occurred (NotFoundException) when calling the DescribeMesh operation (reached max retries: 0): Mesh nope not found\n",
      );
    });

    it("500 and 429 are retried until the attempts run out", async () => {
      server.fallback = {
        status: 500,
        headers: { "x-amzn-errortype": "InternalServerErrorException" },
        body: { message: "boom" },
      };
      const failed = await mesh(["list-meshes"]);
      assert.equal(failed.code, 254);
      assert.equal(server.requests.length, 3);
      assert.match(
        failed.stderr,
        /InternalServerErrorException\) when calling the ListMeshes operation \(reached max retries: 2\): boom/,
      );
      server.requests.length = 0;
      server.fallback = { status: 200, body: { meshes: [] } };
      server.replies = [
        { status: 429, headers: { "x-amzn-errortype": "TooManyRequestsException" }, body: { message: "slow down" } },
      ];
      const recovered = await mesh(["list-meshes"]);
      assert.equal(recovered.code, 0, recovered.stderr);
      assert.equal(server.requests.length, 2);
    });

    it("no region: exit 253", async () => {
      const result = await mesh(["list-meshes"], { AWS_REGION: undefined });
      assert.deepEqual(result, {
        code: 253,
        stdout: "",
        stderr: '\nYou must specify a region. You can also configure your region by running "aws configure".\n',
      });
    });

    it("no credentials: exit 253", async () => {
      const result = await mesh(["list-meshes"], { AWS_ACCESS_KEY_ID: undefined, AWS_SECRET_ACCESS_KEY: undefined });
      assert.equal(result.code, 253);
      assert.equal(
        result.stderr,
        '\nUnable to locate credentials. You can configure credentials by running "aws configure".\n',
      );
    });

    it("an unknown profile: exit 255, with or without a region", async () => {
      for (const region of [undefined, "us-east-1"]) {
        const result = await mesh(["list-meshes", "--profile", "nosuch"], { AWS_REGION: region });
        assert.deepEqual(result, {
          code: 255,
          stdout: "",
          stderr: "\nThe config profile (nosuch) could not be found\n",
        });
      }
    });

    it("nothing listening: exit 255, naming the URL", async () => {
      const result = await runMesh(
        ["list-meshes", "--endpoint-url", "http://127.0.0.1:9", "--cli-connect-timeout", "1"],
        {
          env: { ...ENV, AWS_MAX_ATTEMPTS: "1" },
        },
      );
      assert.deepEqual(result, {
        code: 255,
        stdout: "",
        stderr: '\nCould not connect to the endpoint URL: "http://127.0.0.1:9/v20190125/meshes"\n',
      });
    });

    it("an endpoint URL without a scheme: exit 252", async () => {
      const result = await runMesh(["list-meshes", "--endpoint-url", "127.0.0.1:9"], { env: ENV });
      assert.equal(result.code, 252);
      assert.match(result.stderr, /Bad value for --endpoint-url "127\.0\.0\.1:9": scheme is missing\./);
    });
  });
});
