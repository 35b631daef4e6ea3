/**
 * CONNECT through the egress listener (an application's HTTPS_PROXY): the authority is routed like a
 * request, and the tunnel goes to a host of the chosen cluster, or, under ALLOW_ALL, to the authority
 * itself. Envoy answers `200 OK` once the upstream connection is up, and its local replies otherwise.
 */
import { connect, type Socket } from "node:net";
import { DECIDED_BY_HEADER, type LocalReply } from "./local-reply.js";

export function refuseTunnel(socket: Socket, decidedBy: string): void {
  reply(socket, { status: 404, body: "", flags: "NR", details: "route_not_found", decidedBy });
}

/** Opens the tunnel to `address` ("host:port") and splices the two connections together. */
export function openTunnel(
  downstream: Socket,
  head: Buffer,
  address: string,
  failed: (error: NodeJS.ErrnoException) => LocalReply,
): void {
  const at = address.lastIndexOf(":");
  const upstream = connect({ host: address.slice(0, at).replace(/^\[|\]$/g, ""), port: Number(address.slice(at + 1)) });
  upstream.setNoDelay(true);
  upstream.once("connect", () => {
    downstream.write("HTTP/1.1 200 OK\r\n\r\n");
    if (head.length) upstream.write(head);
    downstream.pipe(upstream).pipe(downstream);
  });
  upstream.once("error", (error: NodeJS.ErrnoException) => {
    if (upstream.connecting) reply(downstream, failed(error));
    else downstream.destroy();
  });
  downstream.on("error", () => upstream.destroy());
  downstream.once("close", () => upstream.destroy());
}

function reply(socket: Socket, reply: LocalReply): void {
  const status =
    { 404: "404 Not Found", 503: "503 Service Unavailable" }[reply.status as 404 | 503] ?? String(reply.status);
  const headers = [`content-length: ${Buffer.byteLength(reply.body)}`];
  if (reply.body) headers.push("content-type: text/plain");
  headers.push(`date: ${new Date().toUTCString()}`, "server: envoy");
  if (reply.decidedBy) headers.push(`${DECIDED_BY_HEADER}: ${reply.decidedBy}`);
  socket.end(`HTTP/1.1 ${status}\r\n${headers.join("\r\n")}\r\n\r\n${reply.body}`);
}

export { reply as replyOnSocket };
