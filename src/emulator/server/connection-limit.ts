/**
 * At most `max` connections at once, so that no number of clients can make the server hold more
 * sockets (and bodies) than that. At the cap the longest-idle connection (no request in flight: kept
 * alive between requests, or still sending a request head) is closed to make room, so idle and slow
 * clients cannot lock others out; when every connection has a request in flight, the new one is closed.
 */
import type { Server } from "node:http";
import type { Socket } from "node:net";

export function limitConnections(server: Server, max: number): void {
  // Sets keep insertion order: the first idle socket is the longest idle.
  const idle = new Set<Socket>();
  const busy = new Set<Socket>();
  server.on("connection", (socket: Socket) => {
    if (idle.size + busy.size >= max) {
      const longestIdle = idle.values().next().value;
      if (!longestIdle) return void socket.destroy();
      idle.delete(longestIdle);
      longestIdle.destroy();
    }
    idle.add(socket);
    socket.once("close", () => {
      idle.delete(socket);
      busy.delete(socket);
    });
  });
  server.on("request", (request, response) => {
    const { socket } = request;
    idle.delete(socket);
    busy.add(socket);
    response.once("close", () => {
      if (busy.delete(socket) && !socket.destroyed) idle.add(socket);
    });
  });
}
