/**
 * Bad input on the wire, sent with raw node:http: each gets App Mesh's error shape (status,
 * `x-amzn-ErrorType`, `{"message"}`), and the server keeps serving after every one of them.
 */
import assert from "node:assert/strict";
import { once } from "node:events";
import { request } from "node:http";
import { join } from "node:path";
import { after, afterEach, before, describe, it } from "node:test";
import { withSqlite } from "../../helpers/broken-states.js";
import { type Fixture, serve } from "./server-fixture.js";

interface Answer {
  status: number;
  errorType: string | undefined;
  body: Record<string, any>;
}

interface Raw {
  method?: string;
  headers?: Record<string, string | number>;
  body?: string | Buffer;
}

function send(url: string, path: string, { method = "GET", headers = {}, body }: Raw = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}${path}`, { method, headers }, (res) => {
      let text = "";
      res.on("data", (chunk) => {
        text += chunk;
      });
      res.on("end", () =>
        resolve({
          status: res.statusCode ?? 0,
          errorType: res.headers["x-amzn-errortype"] as string | undefined,
          body: JSON.parse(text),
        }),
      );
    });
    req.on("error", reject);
    req.end(body);
  });
}

const LIMIT = 10 * 1024 * 1024;

/**
 * A PUT whose body would be `total` bytes. With `declared`, only the head (with its Content-Length) is
 * sent; otherwise the body is streamed, chunked, until the server answers. Resolves with the answer
 * and the body bytes written by then; write errors after the answer (the server may cut the
 * connection) are moot.
 */
function oversized(url: string, total: number, declared: boolean) {
  return new Promise<{ answer: Answer; written: number }>((resolve, reject) => {
    let written = 0;
    let answered = false;
    const headers = { "content-type": "application/json", ...(declared ? { "content-length": total } : {}) };
    const req = request(`${url}/v20190125/meshes`, { method: "PUT", headers }, (res) => {
      answered = true;
      let text = "";
      res.on("data", (chunk) => {
        text += chunk;
      });
      res.on("end", () => {
        req.destroy();
        const answer = {
          status: res.statusCode ?? 0,
          errorType: res.headers["x-amzn-errortype"] as string | undefined,
          body: JSON.parse(text),
        };
        resolve({ answer, written });
      });
    });
    req.on("error", (error) => {
      if (!answered) reject(error);
    });
    if (declared) return void req.flushHeaders();
    const chunk = Buffer.alloc(256 * 1024, 0x20);
    const write = () => {
      while (!answered && written < total) {
        written += chunk.length;
        if (!req.write(chunk)) return void req.once("drain", write);
      }
      if (!answered) req.end();
    };
    write();
  });
}

describe("bad wire input", () => {
  let fixture: Fixture;
  let url: string;
  before(async () => {
    // Each test ends with a normal create-mesh: room for more meshes than App Mesh's default 15.
    fixture = await serve({ appMesh: { quotas: { meshesPerAccount: 100 } } });
    url = fixture.server.url;
  });
  after(() => fixture.stop());

  afterEach(async () => {
    const normal = await send(url, "/v20190125/meshes", {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ meshName: `ok-${Date.now()}-${Math.random()}` }),
    });
    assert.equal(normal.status, 200, "a normal request still succeeds");
  });

  const json = { "content-type": "application/json" };

  it("malformed JSON is a 400 BadRequestException", async () => {
    const answer = await send(url, "/v20190125/meshes", { method: "PUT", headers: json, body: '{"meshName": ' });
    assert.equal(answer.status, 400);
    assert.equal(answer.errorType, "BadRequestException");
    assert.match(answer.body.message, /not valid JSON/);
  });

  it("a JSON body that is not an object is a 400 BadRequestException", async () => {
    const answer = await send(url, "/v20190125/meshes", { method: "PUT", headers: json, body: "[1, 2]" });
    assert.equal(answer.status, 400);
    assert.equal(answer.errorType, "BadRequestException");
    assert.match(answer.body.message, /must be a JSON object/);
  });

  it("a body that is not JSON by its Content-Type is a 400 BadRequestException", async () => {
    const answer = await send(url, "/v20190125/meshes", {
      method: "PUT",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "meshName=m",
    });
    assert.equal(answer.status, 400);
    assert.equal(answer.errorType, "BadRequestException");
    assert.match(answer.body.message, /Unsupported Content-Type application\/x-www-form-urlencoded/);
  });

  it("an unknown path is a 404 NotFoundException", async () => {
    const answer = await send(url, "/v20190125/teapots");
    assert.equal(answer.status, 404);
    assert.equal(answer.errorType, "NotFoundException");
    assert.deepEqual(answer.body, { message: "No App Mesh operation is bound to GET /v20190125/teapots" });
  });

  it("a known path with a method it is not bound to is a 404 NotFoundException", async () => {
    const answer = await send(url, "/v20190125/meshes", { method: "POST", headers: json, body: "{}" });
    assert.equal(answer.status, 404);
    assert.equal(answer.errorType, "NotFoundException");
  });

  it("a name with a lone UTF-16 surrogate is a 400 BadRequestException, and nothing is stored", async () => {
    const body = '{"meshName": "x\\ud800y"}';
    const answer = await send(url, "/v20190125/meshes", { method: "PUT", headers: json, body });
    assert.equal(answer.status, 400);
    assert.equal(answer.errorType, "BadRequestException");
    assert.match(answer.body.message, /Value 'x\\ud800y' at 'meshName' failed to satisfy constraint/);
    const listed = await send(url, "/v20190125/meshes");
    assert.ok(!listed.body.meshes.some((m: { meshName: string }) => m.meshName.startsWith("x")));
  });

  it("a body that is not UTF-8 is a 400 BadRequestException, never read with replacement characters", async () => {
    const body = Buffer.concat([Buffer.from('{"meshName": "x'), Buffer.from([0xff, 0xfe]), Buffer.from('"}')]);
    const answer = await send(url, "/v20190125/meshes", { method: "PUT", headers: json, body });
    assert.equal(answer.status, 400);
    assert.equal(answer.errorType, "BadRequestException");
    assert.equal(answer.body.message, "The request body is not valid UTF-8");
  });

  it("a deeply nested body is a 400 in each protocol's own shape, never a 500", async () => {
    const deep = "[".repeat(100_000) + "]".repeat(100_000);
    const appMesh = await send(url, "/v20190125/meshes", {
      method: "PUT",
      headers: json,
      body: `{"meshName": "deep", "spec": ${deep}}`,
    });
    assert.equal(appMesh.status, 400);
    assert.equal(appMesh.errorType, "BadRequestException");
    assert.equal(appMesh.body.message, "The request body nests arrays and objects deeper than 100 levels");
    const cloudMap = await send(url, "/", {
      method: "POST",
      headers: {
        "content-type": "application/x-amz-json-1.1",
        "x-amz-target": "Route53AutoNaming_v20170314.CreateHttpNamespace",
      },
      body: `{"Name": "deep", "Tags": ${deep}}`,
    });
    assert.equal(cloudMap.status, 400);
    assert.equal(cloudMap.body.__type, "InvalidInput");
  });

  it("an X-Amz-Target no service here answers is JSON 1.1's 400 UnknownOperationException", async () => {
    const answer = await send(url, "/", {
      method: "POST",
      headers: { "content-type": "application/x-amz-json-1.1", "x-amz-target": "DynamoDB_20120810.ListTables" },
      body: "{}",
    });
    assert.equal(answer.status, 400);
    assert.deepEqual(answer.body, {
      __type: "UnknownOperationException",
      Message: "No operation DynamoDB_20120810.ListTables at POST /",
    });
  });

  it("a limit that is not an integer is a 400 BadRequestException", async () => {
    const answer = await send(url, "/v20190125/meshes?limit=ten");
    assert.equal(answer.status, 400);
    assert.equal(answer.errorType, "BadRequestException");
    assert.equal(answer.body.message, 'limit must be an integer, got "ten"');
  });

  it("a path with %2F keeps the slash in the name (and names cannot hold a slash)", async () => {
    const created = await send(url, "/v20190125/meshes", {
      method: "PUT",
      headers: json,
      body: JSON.stringify({ meshName: "team/a b" }),
    });
    assert.equal(created.status, 400);
    assert.equal(created.errorType, "BadRequestException");
    const described = await send(url, "/v20190125/meshes/team%2Fa%20b");
    assert.equal(described.status, 404);
    assert.match(String(described.body.message), /Mesh with name team\/a b is not present/);
    const split = await send(url, "/v20190125/meshes/team/a%20b");
    assert.equal(split.status, 404, "an unencoded slash separates path segments");
    assert.equal(split.errorType, "NotFoundException");
  });

  it("a path label that is not valid percent-encoding is a 400 BadRequestException", async () => {
    const answer = await send(url, "/v20190125/meshes/%E0%A4%A");
    assert.equal(answer.status, 400);
    assert.equal(answer.errorType, "BadRequestException");
  });

  it("a body over 10 MB with Content-Length is refused before it is sent", async () => {
    const { answer, written } = await oversized(url, LIMIT + 1, true);
    assert.equal(answer.status, 400);
    assert.equal(answer.errorType, "BadRequestException");
    assert.match(answer.body.message, /exceeds the limit of 10485760 bytes/);
    assert.equal(written, 0);
  });

  it("a chunked body is refused once it passes 10 MB, while the client is still sending", async () => {
    const total = 64 * 1024 * 1024;
    const { answer, written } = await oversized(url, total, false);
    assert.equal(answer.status, 400);
    assert.equal(answer.errorType, "BadRequestException");
    assert.ok(written < total, `answered after ${written} of ${total} bytes`);
  });

  it("a client that goes away mid-upload is no error of the server's: nothing is logged", {
    timeout: 10_000,
  }, async () => {
    const quiet = await serve();
    const headers = { "content-type": "application/json", "content-length": 1000, expect: "100-continue" };
    const req = request(`${quiet.server.url}/v20190125/meshes`, { method: "PUT", headers });
    req.on("error", () => {});
    req.flushHeaders();
    await once(req, "continue");
    req.write('{"meshName": ');
    req.destroy();
    await quiet.stop();
    assert.deepEqual(quiet.logged, []);
  });

  it("a damaged row is a 500, logged in one line that names the resource, without a stack", async () => {
    const created = await send(url, "/v20190125/meshes", {
      method: "PUT",
      headers: json,
      body: '{"meshName": "torn"}',
    });
    assert.equal(created.status, 200);
    withSqlite(join(fixture.stateDir, "state.db"), (db) =>
      db.exec("UPDATE resources SET tags = '{' WHERE name = 'torn'"),
    );
    const answer = await send(url, "/v20190125/meshes/torn");
    assert.equal(answer.status, 500);
    assert.equal(answer.errorType, "InternalServerErrorException");
    const line = fixture.logged.pop() ?? "";
    assert.match(
      line,
      /^mesh serve: The state holds a damaged Mesh "torn" \(arn:aws:appmesh:[^)]+\/torn\): its tags column is not JSON/,
    );
    assert.doesNotMatch(line, /\n/);
    withSqlite(join(fixture.stateDir, "state.db"), (db) => db.exec("DELETE FROM resources WHERE name = 'torn'"));
  });

  it("an unexpected exception is a 500 InternalServerErrorException, logged with its stack", async () => {
    const broken = await serve({
      appMesh: {
        now: () => {
          throw new Error("the clock fell off the wall");
        },
      },
    });
    try {
      const answer = await send(broken.server.url, "/v20190125/meshes", {
        method: "PUT",
        headers: json,
        body: '{"meshName": "m"}',
      });
      assert.equal(answer.status, 500);
      assert.equal(answer.errorType, "InternalServerErrorException");
      assert.doesNotMatch(answer.body.message, /clock/, "the details stay in the server's log");
      assert.match(broken.logged.join("\n"), /the clock fell off the wall\n\s+at /);
    } finally {
      await broken.stop();
    }
  });
});
