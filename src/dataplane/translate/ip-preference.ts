/**
 * App Mesh's IP version preference (`ipPreference`, the node's service discovery overriding the mesh's):
 * how callers resolve the node's DNS name, which address of a Cloud Map instance they use, and how the
 * node's own proxy binds and reaches its application. With none, listeners bind IPv4 only, the
 * application is reached over IPv4, DNS prefers IPv6 (Envoy's AUTO) and Cloud Map prefers IPv4.
 */
import type { MeshSpec, VirtualNodeSpec } from "@aws-sdk/client-app-mesh";
import type { Cluster } from "../envoy/cluster.js";
import type { SocketAddress } from "../envoy/common.js";

export type IpPreference = "IPv6_PREFERRED" | "IPv4_PREFERRED" | "IPv4_ONLY" | "IPv6_ONLY";

export function ipPreferenceOf(meshSpec: MeshSpec, node: VirtualNodeSpec | undefined): IpPreference | undefined {
  const discovery = node?.serviceDiscovery;
  return (discovery?.dns?.ipPreference ??
    discovery?.awsCloudMap?.ipPreference ??
    meshSpec.serviceDiscovery?.ipPreference) as IpPreference | undefined;
}

const LOOKUP_FAMILY: Record<IpPreference, NonNullable<Cluster["dns_lookup_family"]>> = {
  IPv6_PREFERRED: "AUTO",
  IPv4_PREFERRED: "V4_PREFERRED",
  IPv4_ONLY: "V4_ONLY",
  IPv6_ONLY: "V6_ONLY",
};

/** The cluster's `dns_lookup_family`; none without a preference (Envoy's default, AUTO, is App Mesh's). */
export function dnsLookupFamily(preference: IpPreference | undefined): Cluster["dns_lookup_family"] {
  return preference && LOOKUP_FAMILY[preference];
}

const prefersIpv6 = (preference: IpPreference | undefined) => preference?.startsWith("IPv6") ?? false;

/** The address of a Cloud Map instance a caller uses, or none when the instance has no address of the allowed versions. */
export function instanceAddress(
  instance: { ipv4?: string; ipv6?: string },
  preference: IpPreference | undefined,
): string | undefined {
  if (preference === "IPv4_ONLY") return instance.ipv4;
  if (preference === "IPv6_ONLY") return instance.ipv6;
  return prefersIpv6(preference) ? (instance.ipv6 ?? instance.ipv4) : (instance.ipv4 ?? instance.ipv6);
}

/** Where the proxy reaches the application beside it. */
export function loopbackAddress(preference: IpPreference | undefined): string {
  return prefersIpv6(preference) ? "::1" : "127.0.0.1";
}

/** A wildcard listener address as the preference binds it: IPv6 preferences take both versions. */
export function wildcardBinding(address: SocketAddress, preference: IpPreference | undefined): SocketAddress {
  return address.address === "0.0.0.0" && prefersIpv6(preference)
    ? { address: "::", port_value: address.port_value, ipv4_compat: true }
    : address;
}
