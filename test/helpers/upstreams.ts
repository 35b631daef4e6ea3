/** Real upstream applications for data-plane tests: HTTP servers on 127.0.0.x, port 0, always closed. */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface Upstream {
  name: string;
  /** "127.0.0.2:41234" */
  address: string;
  /** The requests it received: method, url, headers. */
  seen: IncomingMessage[];
  close(): Promise<void>;
}

export type Handler = (req: IncomingMessage, res: ServerResponse, name: string) => void;

/** Answers `<name> <url>` with x-app: <name>. */
export const echo: Handler = (req, res, name) => {
  res.setHeader("x-app", name);
  res.end(`${name} ${req.url}\n`);
};

export async function startUpstream(name: string, host = "127.0.0.2", handler: Handler = echo): Promise<Upstream> {
  const seen: IncomingMessage[] = [];
  const server: Server = createServer((req, res) => {
    seen.push(req);
    req.resume();
    req.on("end", () => handler(req, res, name));
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    name,
    address: host.includes(":") ? `[${host}]:${port}` : `${host}:${port}`,
    seen,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
