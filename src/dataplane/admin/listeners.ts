/** /listeners: each listener's name and bound address. */
import type { ProxyServer } from "../proxy/proxy.js";

export function listenersText(proxy: ProxyServer): string {
  return proxy
    .activeListeners()
    .map(
      (listener) =>
        `${listener.name}::${listener.address.socket_address.address}:${listener.address.socket_address.port_value}\n`,
    )
    .join("");
}

export function listenersJson(proxy: ProxyServer): unknown {
  return {
    listener_statuses: proxy.activeListeners().map((listener) => ({
      name: listener.name,
      local_address: { socket_address: listener.address.socket_address },
    })),
  };
}
