/**
 * A connection's stream with the bytes already read from it put back in front: for consumers that
 * read from the socket's handle (HTTP/2 sessions, TLS), which would miss bytes only unshifted.
 */
import type { Socket } from "node:net";
import { Duplex } from "node:stream";

export function replaying(socket: Socket, buffered: Buffer): Duplex {
  socket.pause();
  const duplex = new Duplex({
    read: () => socket.resume(),
    write: (chunk, encoding, callback) => socket.write(chunk, encoding, callback),
    final: (callback) => socket.end(callback),
    destroy: (error, callback) => {
      socket.destroy(error ?? undefined);
      callback(error);
    },
  });
  duplex.push(buffered);
  socket.on("data", (data: Buffer) => {
    if (!duplex.push(data)) socket.pause();
  });
  socket.on("end", () => duplex.push(null));
  socket.on("close", () => duplex.destroy());
  return duplex;
}
