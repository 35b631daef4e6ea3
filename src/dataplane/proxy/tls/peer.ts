/**
 * Checking the certificate the other side presented, as Envoy's default certificate validator does: it
 * must chain to a trusted CA (when the context has one), then carry one of the SANs the context names,
 * matched by type; a DNS name also matches a wildcard certificate (`*.colors.local`) one label deep.
 */
import { isIP } from "node:net";
import type { PeerCertificate, TLSSocket } from "node:tls";
import type { SubjectAltNameMatcher } from "../../envoy/tls.js";
import type { LoadedTls } from "./contexts.js";

/** Why a peer was refused, as Envoy's stats count it. */
export type PeerFailure = "no-certificate" | "chain" | "san";

export function checkPeer(socket: TLSSocket, tls: LoadedTls): PeerFailure | undefined {
  const certificate = socket.getPeerCertificate() as PeerCertificate | Record<string, never>;
  if (!certificate.raw) return tls.requireClientCertificate ? "no-certificate" : undefined;
  if (tls.verifyChain && !socket.authorized) return "chain";
  if (tls.sans.length && !matchesSans(certificate.subjectaltname ?? "", tls.sans)) return "san";
  return undefined;
}

const TYPES: Record<string, SubjectAltNameMatcher["san_type"]> = { DNS: "DNS", URI: "URI", "IP Address": "IP_ADDRESS" };

/** Node's `subjectaltname` ("DNS:a, IP Address:127.0.0.1, URI:spiffe://x") as typed values; quoted values unquoted. */
export function subjectAltNames(text: string): { type: SubjectAltNameMatcher["san_type"]; value: string }[] {
  const names: { type: SubjectAltNameMatcher["san_type"]; value: string }[] = [];
  for (const match of text.matchAll(/(DNS|URI|IP Address|[A-Za-z ]+):("(?:[^"\\]|\\.)*"|[^,]*)(?:, |$)/g)) {
    const type = TYPES[match[1] as string];
    const raw = match[2] as string;
    if (type) names.push({ type, value: raw.startsWith('"') ? (JSON.parse(raw) as string) : raw });
  }
  return names;
}

export function matchesSans(subjectaltname: string, matchers: readonly SubjectAltNameMatcher[]): boolean {
  const names = subjectAltNames(subjectaltname);
  return matchers.some(({ san_type, matcher }) =>
    names.some(({ type, value }) => type === san_type && sanMatches(type, matcher.exact, value)),
  );
}

function sanMatches(type: SubjectAltNameMatcher["san_type"], wanted: string, presented: string): boolean {
  if (type === "IP_ADDRESS") return isIP(wanted) !== 0 && normalizeIp(wanted) === normalizeIp(presented);
  if (type === "URI") return wanted === presented;
  const name = wanted.toLowerCase();
  const pattern = presented.toLowerCase();
  if (name === pattern) return true;
  // Envoy's dnsNameMatch: `*.example.com` stands for exactly one label.
  if (!pattern.startsWith("*.")) return false;
  const dot = name.indexOf(".");
  return dot > 0 && name.slice(dot) === pattern.slice(1);
}

/** IPv6 as Node prints SANs (full, upper-case groups) and as written compare equal. */
function normalizeIp(address: string): string {
  if (isIP(address) !== 6) return address;
  const [head = "", tail = ""] = address.split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const groups = address.includes("::")
    ? [...left, ...Array(8 - left.length - right.length).fill("0"), ...right]
    : left;
  return groups.map((group) => Number.parseInt(group, 16).toString(16)).join(":");
}
