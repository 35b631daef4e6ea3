/**
 * Listening sockets that can be bound before whoever serves them exists: `mesh up` binds every port it
 * needs (port 0: the system picks) to learn the addresses, translates configs that name them, and the
 * proxies then take those very sockets. Nothing is probed and released, so no other process can take a
 * port in between.
 */
import { createServer, type Server } from "node:net";

export interface BoundAddress {
  address: string;
  port_value: number;
}

export class SocketPool {
  private readonly reserved = new Map<string, Server>();

  /** Binds `host:port` now and keeps the socket for whoever acquires its address. */
  async reserve(host: string, port: number): Promise<BoundAddress> {
    const server = await listen(host, port);
    const bound = boundAddress(server);
    this.reserved.set(key(bound), server);
    return bound;
  }

  /** The socket reserved at `address`, or a new one bound there. */
  async acquire(address: BoundAddress): Promise<Server> {
    const reserved = this.reserved.get(key(address));
    if (reserved) {
      this.reserved.delete(key(address));
      return reserved;
    }
    return listen(address.address, address.port_value);
  }

  /** Closes a reservation nobody acquired. */
  release(address: BoundAddress): void {
    const server = this.reserved.get(key(address));
    this.reserved.delete(key(address));
    server?.close();
  }

  close(): void {
    for (const server of this.reserved.values()) server.close();
    this.reserved.clear();
  }
}

/** A listening TCP server with Nagle off on every connection (the proxy answers in small writes). */
export function listen(host: string, port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer({ noDelay: true, keepAlive: true });
    server.once("error", reject);
    server.listen({ host, port, exclusive: true }, () => {
      server.off("error", reject);
      resolve(server);
    });
  });
}

export function boundAddress(server: Server): BoundAddress {
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("not a TCP socket");
  return { address: address.address, port_value: address.port };
}

function key(address: BoundAddress): string {
  return `${address.address}:${address.port_value}`;
}
