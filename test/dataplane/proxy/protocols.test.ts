/** HTTP/1.1 and h2c on the same listener, HTTP/2 to applications on http2 listeners, CONNECT, access logs. */
import assert from "node:assert/strict";
import { createServer as createHttp2Server, connect as http2Connect } from "node:http2";
import { connect } from "node:net";
import { after, before, describe, it } from "node:test";
import { send } from "../../helpers/http-client.js";
import { startUpstream, type Upstream } from "../../helpers/upstreams.js";
import { backend, byNode, colors, listener, meshOf } from "../meshes.js";
import { runSidecars } from "../sidecars.js";

function h2Get(
  address: string,
  authority: string,
  path = "/",
): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const session = http2Connect(`http://${address}`);
    session.on("error", reject);
    const stream = session.request({ ":path": path, ":authority": authority });
    let body = "";
    let headers: Record<string, unknown> = {};
    stream.setEncoding("utf8");
    stream.on("response", (h) => (headers = h));
    stream.on("data", (chunk: string) => (body += chunk));
    stream.on("end", () => {
      session.close();
      resolve({ status: Number(headers[":status"]), body, headers });
    });
    stream.on("error", reject);
  });
}

describe("protocols", () => {
  let v1: Upstream;
  let v2: Upstream;
  before(async () => {
    v1 = await startUpstream("colors-v1", "127.0.0.15");
    v2 = await startUpstream("colors-v2", "127.0.0.16");
  });
  after(async () => {
    await v1.close();
    await v2.close();
  });

  it("takes h2c (prior knowledge) and HTTP/1.1 on one egress listener", async () => {
    const sidecars = await runSidecars([colors()], { "colors-v1": v1.address, "colors-v2": v2.address });
    try {
      const reply = await h2Get(sidecars.address("caller"), "colors.local:8080", "/over-h2");
      assert.equal(reply.status, 200);
      assert.match(reply.body, /^colors-v[12] \/over-h2\n$/);
      assert.equal(reply.headers.server, "envoy");
      const refused = await h2Get(sidecars.address("caller"), "nope.local");
      assert.equal(refused.status, 404);
    } finally {
      await sidecars.stop();
    }
  });

  it("speaks h2c to applications behind http2 listeners", async () => {
    const app = createHttp2Server((req, res) => res.end(`h2 app saw HTTP/${req.httpVersion} ${req.url}\n`));
    await new Promise<void>((resolve) => app.listen(0, "127.0.0.17", resolve));
    const address = `127.0.0.17:${(app.address() as { port: number }).port}`;
    const mesh = meshOf("h2", {
      nodes: {
        caller: { backends: [backend("grpcish.local")] },
        server: { listeners: [listener(50051, "http2")], serviceDiscovery: { dns: { hostname: "server.local" } } },
      },
      services: { "grpcish.local": byNode("server") },
    });
    const sidecars = await runSidecars([mesh], { server: address });
    try {
      const reply = await send(sidecars.address("caller"), { path: "/x", headers: { host: "grpcish.local:50051" } });
      assert.equal(reply.status, 200);
      assert.equal(reply.body, "h2 app saw HTTP/2.0 /x\n");
    } finally {
      await sidecars.stop();
      app.close();
    }
  });

  it("tunnels CONNECT to a passthrough destination under ALLOW_ALL, and refuses it under DROP_ALL", async () => {
    for (const type of ["ALLOW_ALL", "DROP_ALL"] as const) {
      const sidecars = await runSidecars([colors(undefined, { egressFilter: { type } })], {
        "colors-v1": v1.address,
        "colors-v2": v2.address,
      });
      try {
        const [host, port] = sidecars.address("caller").split(":");
        const answer = await new Promise<string>((resolve, reject) => {
          const socket = connect(Number(port), host);
          let text = "";
          socket.on("data", (chunk) => {
            text += chunk;
            if (text.includes("\r\n\r\n") && !text.startsWith("HTTP/1.1 200")) resolve(text);
            else if (text.includes("colors-v1 /through-tunnel")) resolve(text);
            else if (text === "HTTP/1.1 200 OK\r\n\r\n")
              socket.write("GET /through-tunnel HTTP/1.1\r\nhost: v1\r\nconnection: close\r\n\r\n");
          });
          socket.on("error", reject);
          socket.write(`CONNECT ${v1.address} HTTP/1.1\r\nhost: ${v1.address}\r\n\r\n`);
        });
        if (type === "ALLOW_ALL")
          assert.match(answer, /^HTTP\/1\.1 200 OK\r\n\r\nHTTP\/1\.1 200 OK\r\n[\s\S]*colors-v1 \/through-tunnel/);
        else
          assert.match(
            answer,
            /^HTTP\/1\.1 404 Not Found\r\n[\s\S]*x-mesh-decided-by: mesh\/colors\/virtualNode\/caller/,
          );
      } finally {
        await sidecars.stop();
      }
    }
  });

  it("writes the node's access log in Envoy's default format, and in its text and JSON formats", async () => {
    const formats = [
      undefined,
      { text: "%RESPONSE_CODE% %RESPONSE_FLAGS% %REQ(:path)% %UPSTREAM_CLUSTER%\n" },
      {
        json: [
          { key: "code", value: "%RESPONSE_CODE%" },
          { key: "flags", value: "%RESPONSE_FLAGS%" },
        ],
      },
    ];
    const lines: string[] = [];
    for (const format of formats) {
      const mesh = colors();
      const caller = mesh.virtualNodes.find((n) => n.name === "caller");
      if (caller) caller.spec.logging = { accessLog: { file: { path: "/dev/stdout", ...(format ? { format } : {}) } } };
      const sidecars = await runSidecars([mesh], { "colors-v1": v1.address, "colors-v2": v2.address });
      try {
        await send(sidecars.address("caller"), {
          path: "/logged",
          headers: { host: "colors.local", "x-beta-user": "true", "user-agent": "tester" },
        });
        await send(sidecars.address("caller"), { path: "/nowhere", headers: { host: "nope.local" } });
        lines.push(...sidecars.logs);
      } finally {
        await sidecars.stop();
      }
    }
    assert.match(
      lines[0] as string,
      /^\[\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z\] "GET \/logged HTTP\/1\.1" 200 - 0 \d+ \d+ \d+ "-" "tester" "[0-9a-f-]{36}" "colors\.local" "127\.0\.0\.1:\d+"\n$/,
    );
    assert.match(
      lines[1] as string,
      /^\[.*\] "GET \/nowhere HTTP\/1\.1" 404 NR 0 0 \d+ - "-" "-" "[0-9a-f-]{36}" "nope\.local" "-"\n$/,
    );
    assert.equal(lines[2], "200 - /logged cds_egress_colors_colors-v2_http_8080\n");
    assert.equal(lines[3], "404 NR /nowhere -\n");
    assert.deepEqual(JSON.parse(lines[4] as string), { code: "200", flags: "-" });
  });
});
