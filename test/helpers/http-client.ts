/** Requests for data-plane tests: through a keep-alive agent, or as raw bytes on a socket when the bytes matter. */
import { type Agent, request } from "node:http";
import { connect } from "node:net";

export interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export function send(
  address: string,
  options: { path?: string; method?: string; headers?: Record<string, string>; body?: string; agent?: Agent } = {},
): Promise<Reply> {
  const at = address.lastIndexOf(":");
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: address.slice(0, at),
        port: Number(address.slice(at + 1)),
        path: options.path ?? "/",
        method: options.method ?? "GET",
        headers: options.headers ?? {},
        agent: options.agent ?? false,
      },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (body += chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(options.body);
  });
}

/** Writes `text` on a fresh connection and returns all the bytes the other side sends until it closes or goes quiet. */
export function raw(address: string, text: string | string[], quietMs = 300): Promise<string> {
  const at = address.lastIndexOf(":");
  return new Promise((resolve, reject) => {
    const socket = connect(Number(address.slice(at + 1)), address.slice(0, at));
    let received = "";
    let timer: NodeJS.Timeout | undefined;
    const done = () => {
      socket.destroy();
      resolve(received);
    };
    socket.setEncoding("latin1");
    socket.on("data", (chunk: string) => {
      received += chunk;
      clearTimeout(timer);
      timer = setTimeout(done, quietMs);
    });
    socket.on("end", done);
    socket.on("error", reject);
    socket.on("connect", async () => {
      for (const part of Array.isArray(text) ? text : [text]) {
        socket.write(part);
        if (Array.isArray(text)) await new Promise((r) => setTimeout(r, 5));
      }
      timer = setTimeout(done, quietMs);
    });
  });
}

/** Response head and body with the date line blanked, for byte-for-byte comparison. */
export function withoutDate(response: string): string {
  return response.replace(/^date: .*$/im, "date: <date>");
}
