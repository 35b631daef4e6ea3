/**
 * A listener's graceful close: the server stops taking connections, and the promise resolves once
 * those open have ended, or after `graceMs`, when the ones left are destroyed.
 */
import type { Server, Socket } from "node:net";

export function closeWithin(server: Server, sockets: Iterable<Socket>, graceMs: number): Promise<void> {
  return new Promise<void>((resolve) => {
    const timer = setTimeout(() => {
      for (const socket of sockets) socket.destroy();
      resolve();
    }, graceMs);
    timer.unref();
    server.close(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}
