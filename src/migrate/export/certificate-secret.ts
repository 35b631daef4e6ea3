/**
 * The Kubernetes secret a gateway listener's TLS certificate becomes in Istio and Gateway API: its SDS
 * secret's name (expressed), else `<gateway>-<port>-cert`, to be created (a gap: a certificate from ACM
 * or the gateway's file system does not move with the configuration).
 */
import type { Ledger } from "./ledger.js";
import { labelName } from "./names.js";

export function certificateSecret(
  ledger: Ledger,
  at: string,
  path: string,
  listener: { gateway: string; port: number; sdsSecret: string | undefined },
  /** How the target calls the secret to create: "the Secret x", "the Kubernetes secret x". */
  toCreate: (name: string) => string,
): string {
  const { sdsSecret } = listener;
  const name = sdsSecret ?? `${labelName(listener.gateway)}-${listener.port}-cert`;
  if (sdsSecret) ledger.expressed(at, `${path}.tls.certificate`);
  else ledger.gap(at, `${path}.tls.certificate`, "a certificate from ACM or the gateway's file system", toCreate(name));
  return name;
}
