/**
 * Where a virtual node's application listens, per listener port, as App Mesh found it: DNS service
 * discovery (the system resolver, so IP literals and /etc/hosts names work; LOADBALANCER gives one
 * address, ENDPOINTS all), Cloud Map instances (AWS_INSTANCE_IPV4 / AWS_INSTANCE_IPV6 and
 * AWS_INSTANCE_PORT, filtered by the node's attributes, healthy ones only), or `--endpoint` overrides,
 * which win. The node's IP preference chooses address versions; without one, local applications are
 * looked for on IPv4 first (where Envoy's AUTO would try IPv6 first), as most listen on 127.0.0.1.
 */
import { lookup } from "node:dns/promises";
import type { MeshSpec, VirtualNodeSpec } from "@aws-sdk/client-app-mesh";
import { hostPort } from "../envoy/common.js";
import { type IpPreference, instanceAddress, ipPreferenceOf } from "../translate/ip-preference.js";
import type { MeshSource } from "./source.js";

/** `--endpoint [MESH/]NODE[:PORT]=HOST:PORT` */
export interface EndpointOverride {
  mesh?: string;
  node: string;
  /** The node's listener port it stands for; every listener when absent. */
  port?: number;
  endpoint: string;
}

export type Resolve = (hostname: string, preference: IpPreference | undefined) => Promise<string[]>;

const FAMILY: Record<IpPreference, 0 | 4 | 6> = { IPv4_ONLY: 4, IPv6_ONLY: 6, IPv4_PREFERRED: 0, IPv6_PREFERRED: 0 };

export const systemResolve: Resolve = async (hostname, preference) => {
  const entries = await lookup(hostname, { all: true, family: preference ? FAMILY[preference] : 0 });
  const first = preference === "IPv6_PREFERRED" ? 6 : 4;
  return entries.sort((a, b) => Number(b.family === first) - Number(a.family === first)).map((entry) => entry.address);
};

export class EndpointOverrideError extends Error {
  override readonly name = "EndpointOverrideError";
}

/** Parses `--endpoint` values; a bad one is refused with the value quoted. */
export function parseEndpointOverride(value: string): EndpointOverride {
  const match = /^(?:([^/=]+)\/)?([^:=/]+)(?::(\d+))?=(.+):(\d+)$/.exec(value);
  if (!match) throw new EndpointOverrideError(`invalid --endpoint '${value}': expected [MESH/]NODE[:PORT]=HOST:PORT`);
  const [, mesh, node, port, host, hostPort] = match as unknown as (string | undefined)[];
  if (node === undefined || host === undefined || hostPort === undefined)
    throw new EndpointOverrideError(`invalid --endpoint '${value}'`);
  return {
    ...(mesh ? { mesh } : {}),
    node,
    ...(port ? { port: Number(port) } : {}),
    endpoint: `${host}:${hostPort}`,
  };
}

/** The endpoints of each listener port of a node ("host:port"), and what went wrong finding them. */
export async function nodeEndpoints(
  mesh: { mesh: string; meshSpec: MeshSpec },
  node: string,
  spec: VirtualNodeSpec,
  overrides: readonly EndpointOverride[],
  source: MeshSource,
  resolve: Resolve,
): Promise<{ byPort: Map<number, string[]>; problem?: string }> {
  const byPort = new Map<number, string[]>();
  const ports = (spec.listeners ?? []).map((listener) => listener.portMapping?.port ?? 0);
  const mine = overrides.filter((o) => o.node === node && (o.mesh === undefined || o.mesh === mesh.mesh));
  if (mine.length) {
    for (const port of ports)
      byPort.set(
        port,
        mine.filter((o) => o.port === undefined || o.port === port).map((o) => o.endpoint),
      );
    return { byPort };
  }
  const discovery = spec.serviceDiscovery;
  const preference = ipPreferenceOf(mesh.meshSpec, spec);
  try {
    if (discovery?.dns?.hostname) {
      const addresses = await resolve(discovery.dns.hostname, preference);
      const chosen = discovery.dns.responseType === "ENDPOINTS" ? addresses : addresses.slice(0, 1);
      for (const port of ports)
        byPort.set(
          port,
          chosen.map((address) => hostPort({ address, port_value: port })),
        );
    } else if (discovery?.awsCloudMap) {
      const { namespaceName = "", serviceName = "", attributes = [] } = discovery.awsCloudMap;
      const wanted = Object.fromEntries(attributes.map((a) => [a.key ?? "", a.value ?? ""]));
      const instances = source.instances(namespaceName, serviceName, wanted);
      for (const port of ports)
        byPort.set(
          port,
          instances.flatMap((instance) => {
            const address = instanceAddress(instance, preference);
            return address === undefined ? [] : [hostPort({ address, port_value: instance.port ?? port })];
          }),
        );
    }
    return { byPort };
  } catch (error) {
    for (const port of ports) byPort.set(port, []);
    const what = discovery?.dns ? `DNS name ${discovery.dns.hostname}` : "its Cloud Map service";
    return { byPort, problem: `${what} did not resolve (${(error as Error).message})` };
  }
}
