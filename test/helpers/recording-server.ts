/** An HTTP server on 127.0.0.1 port 0 that records every request and answers from a script. */
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface Recorded {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface Reply {
  status?: number;
  headers?: Record<string, string>;
  body?: unknown;
}

export interface RecordingServer {
  url: string;
  requests: Recorded[];
  /** The next replies, in order; when empty, `fallback` answers. */
  replies: Reply[];
  fallback: Reply;
  close(): Promise<void>;
}

export async function startRecordingServer(): Promise<RecordingServer> {
  const recorder: Omit<RecordingServer, "url" | "close"> = {
    requests: [],
    replies: [],
    fallback: { status: 200, body: {} },
  };
  const server: Server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => {
      body += chunk;
    });
    req.on("end", () => {
      recorder.requests.push({ method: req.method ?? "", path: req.url ?? "", headers: req.headers, body });
      const reply = recorder.replies.shift() ?? recorder.fallback;
      const payload =
        reply.body === undefined ? "" : typeof reply.body === "string" ? reply.body : JSON.stringify(reply.body);
      res.writeHead(reply.status ?? 200, { "content-type": "application/json", ...reply.headers });
      res.end(payload);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    ...recorder,
    get requests() {
      return recorder.requests;
    },
    get replies() {
      return recorder.replies;
    },
    set replies(value: Reply[]) {
      recorder.replies = value;
    },
    get fallback() {
      return recorder.fallback;
    },
    set fallback(value: Reply) {
      recorder.fallback = value;
    },
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
