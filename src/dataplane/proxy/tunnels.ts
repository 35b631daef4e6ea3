/**
 * Connections that leave HTTP behind: CONNECT through the egress listener (an application's
 * HTTPS_PROXY), where Envoy answers `200 OK` once the upstream connection is up, and WebSocket
 * upgrades, whose request head goes upstream and whose answer (101) comes back as it is. Either way
 * the request was routed first, and its local replies are Envoy's.
 */

import { STATUS_CODES } from "node:http";
import { connect, type Socket } from "node:net";
import { splitHostPort } from "../envoy/common.js";
import { DECIDED_BY_HEADER, type LocalReply } from "./local-reply.js";
import type { UpstreamHost } from "./upstream/host.js";

export function refuseTunnel(socket: Socket, decidedBy: string): void {
  reply(socket, { status: 404, body: "", flags: "NR", details: "route_not_found", decidedBy });
}

/**
 * Opens a connection to a host of a cluster (over TLS when the cluster originates it) or to an address
 * ("host:port", passed through) and splices the two together. `greeting` goes upstream first (an
 * upgrade's request head); without one, the client is told `200 OK` (CONNECT).
 */
export function openTunnel(
  downstream: Socket,
  head: Buffer,
  target: UpstreamHost | string,
  failed: (error: NodeJS.ErrnoException) => LocalReply,
  greeting?: string,
): void {
  let connected = false;
  const ready = () => {
    connected = true;
    if (greeting === undefined) downstream.write("HTTP/1.1 200 OK\r\n\r\n");
    else upstream.write(greeting);
    if (head.length) upstream.write(head);
    downstream.pipe(upstream).pipe(downstream);
  };
  const refuse = (error: Error) => reply(downstream, failed(error));
  const upstream = typeof target === "string" ? connectTo(target, ready, refuse) : target.openSocket(ready, refuse);
  upstream.on("error", () => {
    if (connected) downstream.destroy();
  });
  downstream.on("error", () => upstream.destroy());
  downstream.once("close", () => upstream.destroy());
}

function connectTo(address: string, ready: () => void, failed: (error: Error) => void): Socket {
  const upstream = connect(splitHostPort(address));
  upstream.setNoDelay(true);
  upstream.once("connect", ready);
  upstream.on("error", (error) => {
    if (upstream.connecting) failed(error);
  });
  return upstream;
}

function reply(socket: Socket, reply: LocalReply): void {
  const status = `${reply.status} ${STATUS_CODES[reply.status] ?? ""}`;
  const headers = [`content-length: ${Buffer.byteLength(reply.body)}`];
  if (reply.body) headers.push("content-type: text/plain");
  headers.push(`date: ${new Date().toUTCString()}`, "server: envoy");
  if (reply.decidedBy) headers.push(`${DECIDED_BY_HEADER}: ${reply.decidedBy}`);
  socket.end(`HTTP/1.1 ${status}\r\n${headers.join("\r\n")}\r\n\r\n${reply.body}`);
}

export { reply as replyOnSocket };

/** An upgrade request's head as it goes upstream: the request line, then the headers given. */
export function requestHead(method: string, path: string, headers: string[]): string {
  let text = `${method} ${path} HTTP/1.1\r\n`;
  for (let i = 0; i < headers.length; i += 2) text += `${headers[i]}: ${headers[i + 1]}\r\n`;
  return `${text}\r\n`;
}
