/**
 * Cloud Map's DiscoverInstances and DiscoverInstancesRevision go to a `data-` host (data-servicediscovery…).
 * An explicit endpoint whose host cannot take a prefix (an IP address, `localhost`: `data-127.0.0.1`
 * resolves nowhere) gets none, and AWS_DISABLE_HOST_PREFIX_INJECTION or the profile's
 * `disable_host_prefix_injection` turns prefixes off for any endpoint, as in the AWS CLI and SDKs.
 */
const isTrue = (value: string | undefined) => value?.trim().toLowerCase() === "true";

export function hostPrefixDisabled(
  endpointUrl: string | undefined,
  env: NodeJS.ProcessEnv,
  profile: Record<string, string | undefined> | undefined,
): boolean {
  if (env.AWS_DISABLE_HOST_PREFIX_INJECTION !== undefined) {
    if (isTrue(env.AWS_DISABLE_HOST_PREFIX_INJECTION)) return true;
  } else if (isTrue(profile?.disable_host_prefix_injection)) return true;
  if (endpointUrl === undefined) return false;
  let host: string;
  try {
    host = new URL(endpointUrl).hostname;
  } catch {
    return false;
  }
  // The URL parser has recognised IP hosts already: IPv6 in brackets, IPv4 in dotted decimal
  // (node:net's isIP would cost every command its start-up time).
  return host.startsWith("[") || /^\d+\.\d+\.\d+\.\d+$/.test(host) || host === "localhost";
}
