/**
 * Which filter chain of a listener takes an HTTP request. Envoy matches a chain on the connection's
 * original destination port, which iptables kept; without iptables, the port comes from the request's
 * authority. A listener with one chain always uses it (an ingress listener fronts one port); a host
 * with no port takes the chain whose routes name that host; anything else the default chain, if any.
 */
import type { RouteTable } from "./route-table.js";

export interface PortChain<T> {
  port: number | undefined;
  chain: T;
}

export function selectChain<T>(
  chains: readonly PortChain<T>[],
  fallback: T | undefined,
  authority: string,
  routeTableOf: (chain: T) => RouteTable | undefined,
): T | undefined {
  if (chains.length === 1) return (chains[0] as PortChain<T>).chain;
  const port = /:(\d+)$/.exec(authority)?.[1];
  if (port !== undefined) {
    const wanted = Number(port);
    return chains.find((entry) => entry.port === wanted)?.chain ?? fallback;
  }
  const host = authority.toLowerCase();
  return chains.find((entry) => routeTableOf(entry.chain)?.hasDomain(host))?.chain ?? fallback;
}
