/**
 * Where one proxy's listeners are, and how it reaches the listeners of the virtual nodes it calls: the
 * only inputs of translation besides the mesh. Two placements exist. App Mesh's (for real Envoy over
 * xDS, and exports) binds 0.0.0.0:15000 / 15001 with the application beside it on loopback, and
 * reaches targets by their service discovery. `mesh up`'s binds one local port per listener and per
 * application endpoint, and reaches a target through the ingress listeners of that target's sidecar.
 */
import type { SocketAddress } from "../envoy/common.js";

/** How callers reach one listener port of a virtual node. */
export type TargetEndpoints =
  | { type: "static"; addresses: SocketAddress[] }
  | { type: "dns"; hostname: string; responseType: "LOADBALANCER" | "ENDPOINTS" };

/** One ingress listener: where it binds, for which node listener port, and (`mesh up`) which endpoint it fronts. */
export interface IngressBinding {
  port: number;
  address: SocketAddress;
  /** The application endpoint behind this listener, when it is not on loopback beside the proxy. */
  application?: SocketAddress;
}

export interface Placement {
  egress: SocketAddress;
  /** Where a virtual gateway's listener on `port` binds. */
  gatewayListener(port: number): SocketAddress;
  /** The ingress listeners of the proxy's node for one of its listener ports. */
  ingress(port: number): IngressBinding[];
  /** How this proxy reaches a target node's listener port (undefined when it has no listener there). */
  endpoints(node: string, port: number): TargetEndpoints;
  /**
   * `tcp`: connections to ports no virtual service uses pass through as TCP (iptables kept their
   * destination). `http`: they pass through per request, to the request's authority (`mesh up`, where
   * the application addresses the egress listener directly).
   */
  passthrough: "tcp" | "http";
  /**
   * `mesh up`: where the application reaches a TCP virtual service, a listener of its own (a TCP
   * connection names no host). Absent (App Mesh), TCP services share the egress listener by port.
   */
  tcpEgress?(service: string, port: number): SocketAddress;
  /**
   * `mesh up`: certificates and trust come from files only. Absent (App Mesh), ACM ones come over ADS
   * and SDS ones from the agent's socket.
   */
  filesOnly?: boolean;
}

const anyAddress = (port: number): SocketAddress => ({ address: "0.0.0.0", port_value: port });

/** App Mesh's placement: ingress 15000, egress 15001; Cloud Map nodes' endpoints from `cloudMap`. */
export function appMeshPlacement(discovery: (node: string, port: number) => TargetEndpoints): Placement {
  return {
    egress: anyAddress(15001),
    ingress: (port) => [{ port, address: anyAddress(15000) }],
    gatewayListener: anyAddress,
    endpoints: discovery,
    passthrough: "tcp",
  };
}
