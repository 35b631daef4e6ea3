/**
 * A virtual node's ingress: one listener per address the placement gives, a filter chain per node
 * listener port on it (two with PERMISSIVE TLS), each to the application's cluster with the listener's
 * timeouts (App Mesh's listener timeouts apply here, on the destination side). TLS ends here: the
 * application gets plaintext.
 */
import type { VirtualNodeSpec } from "@aws-sdk/client-app-mesh";
import type { AccessLog } from "../envoy/access-log.js";
import type { FilterChain, Listener } from "../envoy/listener.js";
import { meshMetadata, ORIGINAL_DESTINATION } from "../envoy/mesh-object.js";
import { listenerName, routeConfigName } from "../envoy/names.js";
import { ingressCluster } from "./clusters.js";
import { DEFAULT_IDLE_TIMEOUT, DEFAULT_ROUTE_TIMEOUT } from "./defaults.js";
import { durationOf } from "./durations.js";
import { type IpPreference, wildcardBinding } from "./ip-preference.js";
import { addressKey, httpFilter, tcpFilter } from "./listeners.js";
import type { Placement } from "./placement.js";
import type { Resources } from "./resources.js";
import { inspectTls, listenerTls, tlsChains } from "./tls.js";

export function ingress(
  resources: Resources,
  mesh: string,
  name: string,
  spec: VirtualNodeSpec,
  preference: IpPreference | undefined,
  placement: Placement,
  accessLog: AccessLog[],
): void {
  const byAddress = new Map<string, Listener>();
  const sources = { filesOnly: placement.filesOnly === true, resources };
  for (const [index, listener] of (spec.listeners ?? []).entries()) {
    const port = listener.portMapping?.port ?? 0;
    const protocol = listener.portMapping?.protocol ?? "http";
    const tls = listenerTls(listener.tls, protocol, `spec.listeners[${index}].tls`, sources);
    for (const binding of placement.ingress(port)) {
      const application = binding.application ? "original-destination" : "loopback";
      const appCluster = ingressCluster(mesh, name, listener, application, preference);
      resources.cluster(appCluster);
      const timeout = listener.timeout?.[protocol as "http"];
      let filter: FilterChain["filters"][number];
      if (protocol === "tcp") {
        const idle = durationOf(listener.timeout?.tcp?.idle) ?? DEFAULT_IDLE_TIMEOUT;
        filter = tcpFilter("ingress", [{ name: appCluster.name, weight: 1 }], idle, accessLog);
      } else {
        const rds = routeConfigName("ingress", protocol, port);
        if (!resources.routes.some((route) => route.name === rds)) {
          resources.routes.push({
            name: rds,
            virtual_hosts: [
              {
                name: `${name}_${port}`,
                domains: ["*"],
                routes: [
                  {
                    match: protocol === "grpc" ? { prefix: "/", grpc: {} } : { prefix: "/" },
                    route: {
                      cluster: appCluster.name,
                      timeout: durationOf(timeout?.perRequest) ?? DEFAULT_ROUTE_TIMEOUT,
                      idle_timeout: durationOf(timeout?.idle) ?? DEFAULT_IDLE_TIMEOUT,
                    },
                    metadata: meshMetadata({ object: `mesh/${mesh}/virtualNode/${name}` }),
                  },
                ],
              },
            ],
          });
        }
        filter = httpFilter("ingress", { rds }, accessLog);
      }
      const address = wildcardBinding(binding.address, preference);
      const key = addressKey(address);
      let envoyListener = byAddress.get(key);
      if (!envoyListener) {
        envoyListener = {
          name: listenerName("ingress", address.address, address.port_value),
          address: { socket_address: address },
          filter_chains: [],
          traffic_direction: "INBOUND",
          ...(binding.application
            ? { metadata: { filter_metadata: { [ORIGINAL_DESTINATION]: { ...binding.application } } } }
            : {}),
        };
        byAddress.set(key, envoyListener);
        resources.listeners.push(envoyListener);
      }
      envoyListener.filter_chains.push(...tlsChains(port, filter, tls));
      inspectTls(envoyListener, tls);
    }
  }
}
