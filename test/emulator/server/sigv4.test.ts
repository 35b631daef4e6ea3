/**
 * SigV4: the region of a request is its signature's, unsigned requests use the server's default, and
 * with configured keys the server checks signatures as AWS does (403 and AWS's error names).
 */
import assert from "node:assert/strict";
import { request } from "node:http";
import { after, before, describe, it } from "node:test";
import type { AppMesh } from "@aws-sdk/client-app-mesh";
import { ACCOUNT, CREDENTIALS, type Fixture, REGION, serve } from "./server-fixture.js";

async function forbidden(call: Promise<unknown>, name: string): Promise<void> {
  await assert.rejects(call, (error: any) => {
    assert.equal(error.name, name, error.message);
    assert.equal(error.$metadata.httpStatusCode, 403);
    return true;
  });
}

/** An SDK client whose Authorization header is rewritten after signing, as a misconfigured signer would send it. */
function rewritingAuthorization(client: AppMesh, rewrite: (authorization: string) => string): AppMesh {
  client.middlewareStack.add(
    (next) => (args: any) => {
      args.request.headers.authorization = rewrite(args.request.headers.authorization);
      return next(args);
    },
    { step: "deserialize" },
  );
  return client;
}

/** A request head with a large declared body, sent without its body: resolves with the answer's status. */
function headOnly(url: string, headers: Record<string, string | number>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}/v20190125/meshes`, { method: "PUT", headers }, (res) => {
      res.resume();
      req.destroy();
      resolve(res.statusCode ?? 0);
    });
    req.on("error", reject);
    req.flushHeaders();
  });
}

async function rawStatus(url: string, init: RequestInit = {}): Promise<{ status: number; errorType: string | null }> {
  const response = await fetch(url, init);
  await response.text();
  return { status: response.status, errorType: response.headers.get("x-amzn-errortype") };
}

describe("SigV4", () => {
  describe("without verification", () => {
    let fixture: Fixture;
    before(async () => {
      fixture = await serve();
    });
    after(() => fixture.stop());

    it("serves an unsigned request in the server's default region", async () => {
      const response = await fetch(`${fixture.server.url}/v20190125/meshes`, {
        method: "PUT",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ meshName: "unsigned" }),
      });
      assert.equal(response.status, 200);
      const mesh = (await response.json()) as { metadata: { arn: string } };
      assert.equal(mesh.metadata.arn, `arn:aws:appmesh:${REGION}:${ACCOUNT}:mesh/unsigned`);
    });

    it("takes the region from the signature's credential scope, each region its own namespace", async () => {
      const ireland = fixture.client({ region: "eu-west-1" });
      const created = await ireland.createMesh({ meshName: "regional" });
      assert.equal(created.mesh?.metadata?.arn, `arn:aws:appmesh:eu-west-1:${ACCOUNT}:mesh/regional`);
      const home = await fixture.client().listMeshes({});
      assert.ok(!home.meshes?.some((m) => m.meshName === "regional"));
    });

    it("refuses a credential scope whose region is no region name (it would go into ARNs): 403", async () => {
      const client = rewritingAuthorization(fixture.client(), (a) => a.replace("/us-east-1/", "/us-east-1..x/"));
      await assert.rejects(client.listMeshes({}), (error: any) => {
        assert.equal(error.name, "InvalidSignatureException");
        assert.equal(error.$metadata.httpStatusCode, 403);
        assert.equal(error.message, "Credential should be scoped to a valid region, not 'us-east-1..x'. ");
        return true;
      });
    });

    it("accepts any signature", async () => {
      const listed = await fixture.client({ secretAccessKey: "not-the-secret" }).listMeshes({});
      assert.equal(listed.$metadata.httpStatusCode, 200);
    });
  });

  describe("with verification against configured keys", () => {
    let fixture: Fixture;
    before(async () => {
      fixture = await serve({ credentials: new Map([[CREDENTIALS.accessKeyId, CREDENTIALS.secretAccessKey]]) });
    });
    after(() => fixture.stop());

    it("serves requests signed with a configured key, encoded paths and ARNs in the query included", async () => {
      const mesh = fixture.client();
      const created = await mesh.createMesh({ meshName: "team a%", tags: [{ key: "k", value: "v" }] });
      const described = await mesh.describeMesh({ meshName: "team a%" });
      assert.equal(described.mesh?.meshName, "team a%");
      // A slash in a name is %2F in the path, and encoded again in the signature: the signature holds
      // (no 403), and the service's own answer comes back.
      await assert.rejects(mesh.describeMesh({ meshName: "team/a b" }), { name: "NotFoundException" });
      const { tags } = await mesh.listTagsForResource({ resourceArn: created.mesh?.metadata?.arn, limit: 10 });
      assert.deepEqual(tags, [{ key: "k", value: "v" }]);
    });

    it("refuses a wrong secret: 403 InvalidSignatureException", async () => {
      await forbidden(fixture.client({ secretAccessKey: "wrong" }).listMeshes({}), "InvalidSignatureException");
    });

    it("refuses a body changed after signing: 403 InvalidSignatureException", async () => {
      const mesh: AppMesh = fixture.client();
      mesh.middlewareStack.add(
        (next) => (args: any) => {
          args.request.body = new TextDecoder().decode(args.request.body).replace('"signed"', '"forged"');
          return next(args);
        },
        { step: "deserialize" },
      );
      await forbidden(mesh.createMesh({ meshName: "signed" }), "InvalidSignatureException");
    });

    it("refuses a signature made more than 15 minutes ago: 403 InvalidSignatureException", async () => {
      const stale = fixture.client();
      stale.config.systemClockOffset = -20 * 60 * 1000;
      await forbidden(stale.listMeshes({}), "InvalidSignatureException");
    });

    it("refuses an unknown access key: 403 UnrecognizedClientException", async () => {
      await forbidden(fixture.client({ accessKeyId: "AKIDSTRANGER" }).listMeshes({}), "UnrecognizedClientException");
    });

    it("refuses an unsigned request: 403 MissingAuthenticationTokenException", async () => {
      assert.deepEqual(await rawStatus(`${fixture.server.url}/v20190125/meshes`), {
        status: 403,
        errorType: "MissingAuthenticationTokenException",
      });
    });

    it("refuses a credential scoped to another service: 403 InvalidSignatureException", async () => {
      const client = rewritingAuthorization(fixture.client(), (a) => a.replace("/appmesh/", "/servicediscovery/"));
      await assert.rejects(client.listMeshes({}), (error: any) => {
        assert.equal(error.name, "InvalidSignatureException");
        assert.equal(error.$metadata.httpStatusCode, 403);
        assert.equal(error.message, "Credential should be scoped to correct service: 'appmesh'. ");
        return true;
      });
    });

    it("refuses a signature that does not sign the Host header: 403 IncompleteSignatureException", async () => {
      const client = rewritingAuthorization(fixture.client(), (a) =>
        a.replace(
          /SignedHeaders=([^,]*)/,
          (_, h: string) =>
            `SignedHeaders=${h
              .split(";")
              .filter((name) => name !== "host")
              .join(";")}`,
        ),
      );
      await assert.rejects(client.listMeshes({}), (error: any) => {
        assert.equal(error.name, "IncompleteSignatureException");
        assert.equal(error.$metadata.httpStatusCode, 403);
        assert.equal(error.message, "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
        return true;
      });
    });

    it("refuses an unsigned upload from its head, before its body is sent", { timeout: 10_000 }, async () => {
      const status = await headOnly(fixture.server.url, {
        "content-type": "application/json",
        "content-length": 10_000_000,
      });
      assert.equal(status, 403);
    });

    it("refuses an upload signed with an unknown key from its head, before its body is sent", {
      timeout: 10_000,
    }, async () => {
      const authorization =
        "AWS4-HMAC-SHA256 Credential=AKIDSTRANGER/20260101/us-east-1/appmesh/aws4_request, SignedHeaders=host;x-amz-date, Signature=00";
      const status = await headOnly(fixture.server.url, { authorization, "content-length": 10_000_000 });
      assert.equal(status, 403);
    });

    it("refuses a malformed Authorization header: 403 IncompleteSignatureException", async () => {
      const answer = await rawStatus(`${fixture.server.url}/v20190125/meshes`, {
        headers: { authorization: "AWS4-HMAC-SHA256 Credential=AKIDMESHTEST" },
      });
      assert.deepEqual(answer, { status: 403, errorType: "IncompleteSignatureException" });
    });
  });
});
