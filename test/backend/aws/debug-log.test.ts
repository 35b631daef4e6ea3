/**
 * --debug: each request and response on stderr, in the AWS CLI's log line format (`2026-01-01
 * 12:00:00,123 - MainThread - botocore.parsers - DEBUG - …`): method, URL, headers, body, status and
 * time taken, with the signature, session token and secret key never shown; stdout keeps the data only.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { debugSink, maskHeader, pythonBytesRepr, pythonStrRepr } from "../../../src/backend/aws/debug-log.js";
import { type RecordingServer, startRecordingServer } from "../../helpers/recording-server.js";
import { runMesh } from "../../helpers/run-mesh.js";

const LINE = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} - MainThread - [\w.]+ - DEBUG - /;

describe("--debug", () => {
  it("stamps lines as Python's logging does", () => {
    const lines: string[] = [];
    debugSink(
      (text) => lines.push(text),
      () => new Date(2026, 0, 2, 3, 4, 5, 6),
    )("botocore.parsers", "Response body:");
    assert.deepEqual(lines, ["2026-01-02 03:04:05,006 - MainThread - botocore.parsers - DEBUG - Response body:\n"]);
  });

  it("renders bodies and header values as Python's repr", () => {
    assert.equal(pythonBytesRepr(Buffer.from('{"a": "é"}\n')), `b'{"a": "\\xc3\\xa9"}\\n'`);
    assert.equal(pythonBytesRepr(Buffer.from("it's")), `b"it's"`);
    assert.equal(pythonStrRepr("x-amz-date"), "'x-amz-date'");
  });

  it("masks the signature and tokens", () => {
    assert.equal(
      maskHeader(
        "Authorization",
        "AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/appmesh/aws4_request, SignedHeaders=host, Signature=0123abcd",
      ),
      "AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/appmesh/aws4_request, SignedHeaders=host, Signature=****",
    );
    assert.equal(maskHeader("X-Amz-Security-Token", "token"), "****");
    assert.equal(maskHeader("content-type", "application/json"), "application/json");
  });

  describe("through the AWS backend", () => {
    let server: RecordingServer;
    before(async () => {
      server = await startRecordingServer();
      server.fallback = {
        status: 404,
        headers: { "x-amzn-ErrorType": "NotFoundException" },
        body: { message: "Mesh nope not found" },
      };
    });
    after(() => server.close());

    it("logs the request and the response, and hides every secret", async () => {
      const env = {
        AWS_ACCESS_KEY_ID: "AKIDDEBUG",
        AWS_SECRET_ACCESS_KEY: "debug-secret-key",
        AWS_SESSION_TOKEN: "debug-session-token",
        AWS_REGION: "us-east-1",
        AWS_MAX_ATTEMPTS: "1",
        AWS_PROFILE: undefined,
      };
      const result = await runMesh(["describe-mesh", "--mesh-name", "nope", "--endpoint-url", server.url, "--debug"], {
        env,
      });
      assert.equal(result.code, 254);
      assert.equal(result.stdout, "");
      const entries = result.stderr.split("\n").filter((line) => LINE.test(line));
      const messages = entries.map((line) => line.replace(LINE, ""));
      assert.match(messages[0] ?? "", /^CLI version: mesh\/\S+ node\/v\d+/);
      assert.equal(
        messages[1],
        `Arguments entered to CLI: ['describe-mesh', '--mesh-name', 'nope', '--endpoint-url', '${server.url}', '--debug']`,
      );
      assert.ok(
        messages.some((m) =>
          m.startsWith(
            `Sending http request: <AWSPreparedRequest stream_output=False, method=GET, url=${server.url}/v20190125/meshes/nope, headers={`,
          ),
        ),
      );
      assert.ok(
        messages.some((m) => /^\S+ "GET \/v20190125\/meshes\/nope HTTP\/1\.1" 404 \(\d+ ms\)$/.test(m)),
        "status and timing",
      );
      assert.ok(
        messages.some(
          (m) => m.startsWith("Response headers: {") && m.includes("'x-amzn-errortype': 'NotFoundException'"),
        ),
      );
      assert.match(result.stderr, /Response body:\nb'\{"message":"Mesh nope not found"\}'\n/);
      assert.match(result.stderr, /Credential=AKIDDEBUG\//);
      assert.match(result.stderr, /Signature=\*{4}/);
      assert.doesNotMatch(result.stderr, /debug-secret-key|debug-session-token|Signature=[0-9a-f]{64}/);
      assert.ok(
        result.stderr.endsWith(
          "\nAn error occurred (NotFoundException) when calling the DescribeMesh operation (reached max retries: 0): Mesh nope not found\n",
        ),
      );
    });
  });
});
