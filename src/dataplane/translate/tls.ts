/**
 * App Mesh's TLS as Envoy's (dataplane.md §10, appmesh-semantics.md §12). A listener's `tls` is a
 * DownstreamTlsContext on its filter chain: STRICT one TLS chain, PERMISSIVE a TLS chain and a
 * plaintext chain told apart by the tls_inspector, DISABLED none. A client policy is an
 * UpstreamTlsContext on the egress cluster of each target port it covers, checking the SANs it names,
 * else the target's service discovery name. File certificates are read by the proxy; App Mesh's Envoy
 * also got ACM ones over ADS and SDS ones from the agent's socket (inferred), which a placement with
 * `filesOnly` cannot give: each such source is reported with its spec path.
 */
import type { ServiceDiscovery, VirtualGatewaySpec, VirtualNodeSpec } from "@aws-sdk/client-app-mesh";
import type { AdsConfigSource } from "../envoy/common.js";
import type { FilterChain, Listener, NetworkFilter } from "../envoy/listener.js";
import {
  type CertificateValidationContext,
  type CommonTlsContext,
  type SdsSecretConfig,
  type SecretConfigSource,
  type SubjectAltNameMatcher,
  TLS_INSPECTOR,
  TLS_TRANSPORT_SOCKET,
  type TransportSocket,
} from "../envoy/tls.js";
import { portChain } from "./listeners.js";
import type { Resources } from "./resources.js";

/** The members App Mesh's certificate unions share (listener certificates, client certificates). */
interface CertificateSpec {
  acm?: { certificateArn?: string | undefined } | undefined;
  file?: { certificateChain?: string | undefined; privateKey?: string | undefined } | undefined;
  sds?: { secretName?: string | undefined } | undefined;
}

interface ValidationSpec {
  trust?:
    | {
        acm?: { certificateAuthorityArns?: string[] | undefined } | undefined;
        file?: { certificateChain?: string | undefined } | undefined;
        sds?: { secretName?: string | undefined } | undefined;
      }
    | undefined;
  subjectAlternativeNames?: { match?: { exact?: string[] | undefined } | undefined } | undefined;
}

export interface ListenerTlsSpec {
  mode?: string | undefined;
  certificate?: CertificateSpec | undefined;
  validation?: ValidationSpec | undefined;
}

export interface ClientTlsSpec {
  enforce?: boolean | undefined;
  ports?: number[] | undefined;
  certificate?: CertificateSpec | undefined;
  validation?: ValidationSpec | undefined;
}

/** A client policy's TLS with where it is in the spec, for messages. */
export interface ClientPolicyAt {
  tls: ClientTlsSpec;
  path: string;
}

/** A listener's TLS once translated: how its chains are laid out, and their transport socket. */
export interface ListenerTls {
  mode: "STRICT" | "PERMISSIVE";
  socket: TransportSocket;
}

/** The client policy's certificate and trust, resolved once; SANs are completed per target. */
export interface ClientTls {
  ports: number[] | undefined;
  certificate: Pick<CommonTlsContext, "tls_certificates" | "tls_certificate_sds_secret_configs">;
  trust: Pick<CommonTlsContext, "validation_context"> | { sds: SdsSecretConfig } | undefined;
  sans: string[] | undefined;
}

const ADS: AdsConfigSource = { ads: {}, resource_api_version: "V3" };

/** The App Mesh agent's SDS server, through the bootstrap cluster App Mesh reserved for it. */
const SDS_SOCKET: SecretConfigSource = {
  api_config_source: {
    api_type: "GRPC",
    transport_api_version: "V3",
    grpc_services: [{ envoy_grpc: { cluster_name: "static_cluster_sds_unix_socket" } }],
  },
  resource_api_version: "V3",
};

/** Where certificates may come from in this translation, and what it found it cannot give. */
export interface TlsSources {
  filesOnly: boolean;
  resources: Resources;
}

function unavailable(sources: TlsSources, path: string, message: string): void {
  sources.resources.unavailable.push(`${path}: ${message}`);
}

/** The SDS name of an ACM certificate: its ARN. */
const acmCertificateName = (acm: { certificateArn?: string | undefined }) => acm.certificateArn ?? "";

/** The SDS name of an ACM private CA trust: its CAs' ARNs joined by ",". */
const acmTrustName = (acm: { certificateAuthorityArns?: string[] | undefined }) =>
  (acm.certificateAuthorityArns ?? []).join(",");

function certificateOf(spec: CertificateSpec | undefined, path: string, sources: TlsSources): ClientTls["certificate"] {
  if (spec?.file) {
    return {
      tls_certificates: [
        {
          certificate_chain: { filename: spec.file.certificateChain ?? "" },
          private_key: { filename: spec.file.privateKey ?? "" },
        },
      ],
    };
  }
  if (spec?.acm) {
    if (sources.filesOnly)
      unavailable(sources, `${path}.acm`, "ACM certificates are not available locally; use file certificates");
    return { tls_certificate_sds_secret_configs: [{ name: acmCertificateName(spec.acm), sds_config: ADS }] };
  }
  if (spec?.sds) {
    if (sources.filesOnly)
      unavailable(sources, `${path}.sds`, "SDS secrets are not available locally; use file certificates");
    return { tls_certificate_sds_secret_configs: [{ name: spec.sds.secretName ?? "", sds_config: SDS_SOCKET }] };
  }
  return {};
}

function trustOf(spec: ValidationSpec | undefined, path: string, sources: TlsSources): ClientTls["trust"] {
  const trust = spec?.trust;
  if (trust?.file) return { validation_context: { trusted_ca: { filename: trust.file.certificateChain ?? "" } } };
  if (trust?.acm) {
    if (sources.filesOnly)
      unavailable(
        sources,
        `${path}.trust.acm`,
        "ACM certificate authorities are not available locally; use a file trust",
      );
    return { sds: { name: acmTrustName(trust.acm), sds_config: ADS } };
  }
  if (trust?.sds) {
    if (sources.filesOnly)
      unavailable(sources, `${path}.trust.sds`, "SDS secrets are not available locally; use a file trust");
    return { sds: { name: trust.sds.secretName ?? "", sds_config: SDS_SOCKET } };
  }
  return undefined;
}

/** A SAN as Envoy types it: a URI when it has a scheme (SPIFFE IDs), an IP address, else a DNS name. */
function sanMatcher(san: string): SubjectAltNameMatcher {
  const type = /^[a-z][a-z0-9+.-]*:\/\//i.test(san) ? "URI" : /^[\d.]+$|:/.test(san) ? "IP_ADDRESS" : "DNS";
  return { san_type: type, matcher: { exact: san } };
}

function validationOf(trust: ClientTls["trust"], sans: string[] | undefined): CommonTlsContext {
  const matchers = sans?.length ? { match_typed_subject_alt_names: sans.map(sanMatcher) } : {};
  if (trust === undefined) return sans?.length ? { validation_context: matchers } : {};
  if ("sds" in trust) {
    return {
      combined_validation_context: {
        default_validation_context: matchers,
        validation_context_sds_secret_config: trust.sds,
      },
    };
  }
  const context: CertificateValidationContext = { ...trust.validation_context, ...matchers };
  return { validation_context: context };
}

/** A virtual node's or gateway's listener `tls`; undefined when DISABLED or absent. */
export function listenerTls(
  spec: ListenerTlsSpec | undefined,
  protocol: string,
  path: string,
  sources: TlsSources,
): ListenerTls | undefined {
  if (!spec || (spec.mode !== "STRICT" && spec.mode !== "PERMISSIVE")) return undefined;
  const certificate = certificateOf(spec.certificate, `${path}.certificate`, sources);
  const validation = spec.validation
    ? validationOf(
        trustOf(spec.validation, `${path}.validation`, sources),
        spec.validation.subjectAlternativeNames?.match?.exact,
      )
    : {};
  return {
    mode: spec.mode,
    socket: {
      name: TLS_TRANSPORT_SOCKET,
      typed_config: {
        "@type": "type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext",
        common_tls_context: {
          ...certificate,
          ...validation,
          // HTTP listeners take HTTP/2 or HTTP/1.1, as the connection manager's AUTO codec does (inferred).
          ...(protocol === "tcp" ? {} : { alpn_protocols: ["h2", "http/1.1"] }),
        },
        ...(spec.validation ? { require_client_certificate: true } : {}),
      },
    },
  };
}

/** A port's filter chains: one, or with TLS the chain(s) its mode lays out. */
export function tlsChains(port: number, filter: NetworkFilter, tls: ListenerTls | undefined): FilterChain[] {
  if (!tls) return [portChain(port, filter)];
  if (tls.mode === "STRICT") return [{ ...portChain(port, filter), transport_socket: tls.socket }];
  return [
    {
      filter_chain_match: { destination_port: port, transport_protocol: "tls" },
      filters: [filter],
      transport_socket: tls.socket,
    },
    { filter_chain_match: { destination_port: port, transport_protocol: "raw_buffer" }, filters: [filter] },
  ];
}

/** Adds the tls_inspector to a listener whose chains match on the transport protocol. */
export function inspectTls(listener: Listener, tls: ListenerTls | undefined): void {
  if (tls?.mode !== "PERMISSIVE") return;
  if (!listener.listener_filters?.some((filter) => filter.name === TLS_INSPECTOR.name))
    listener.listener_filters = [...(listener.listener_filters ?? []), TLS_INSPECTOR];
}

/** A client policy's certificate and trust, or undefined when it is not enforced. */
export function clientTls(policy: ClientPolicyAt | undefined, sources: TlsSources): ClientTls | undefined {
  if (!policy || policy.tls.enforce === false) return undefined;
  const { tls, path } = policy;
  return {
    ports: tls.ports?.length ? tls.ports : undefined,
    certificate: certificateOf(tls.certificate, `${path}.certificate`, sources),
    trust: trustOf(tls.validation, `${path}.validation`, sources),
    sans: tls.validation?.subjectAlternativeNames?.match?.exact,
  };
}

/**
 * The transport socket of the egress cluster to a target's listener `port`: none when the policy does
 * not cover the port. Without SANs the target's service discovery name is checked, as App Mesh did.
 */
export function upstreamTls(
  tls: ClientTls | undefined,
  port: number,
  discoveryName: string | undefined,
): TransportSocket | undefined {
  if (!tls || (tls.ports && !tls.ports.includes(port))) return undefined;
  const sans = tls.sans?.length ? tls.sans : discoveryName === undefined ? undefined : [discoveryName];
  return {
    name: TLS_TRANSPORT_SOCKET,
    typed_config: {
      "@type": "type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext",
      common_tls_context: { ...tls.certificate, ...validationOf(tls.trust, sans) },
    },
  };
}

/** The name a node's certificate must carry when a client policy names no SANs: its DNS name, or Cloud Map's service.namespace. */
export function discoveryNameOf(discovery: ServiceDiscovery | undefined): string | undefined {
  if (discovery?.dns?.hostname) return discovery.dns.hostname;
  const cloudMap = discovery?.awsCloudMap;
  if (cloudMap?.serviceName && cloudMap.namespaceName) return `${cloudMap.serviceName}.${cloudMap.namespaceName}`;
  return undefined;
}

/** Every client policy of a virtual node (per backend, then the defaults) or gateway, with its path. */
export function clientPoliciesOf(spec: VirtualNodeSpec | VirtualGatewaySpec): {
  defaults: ClientPolicyAt | undefined;
  byBackend: Map<string, ClientPolicyAt>;
} {
  const defaultsTls = spec.backendDefaults?.clientPolicy?.tls;
  const defaults = defaultsTls ? { tls: defaultsTls, path: "spec.backendDefaults.clientPolicy.tls" } : undefined;
  const byBackend = new Map<string, ClientPolicyAt>();
  const backends = "backends" in spec ? (spec.backends ?? []) : [];
  backends.forEach((backend, index) => {
    const service = backend.virtualService;
    if (service?.virtualServiceName && service.clientPolicy?.tls)
      byBackend.set(service.virtualServiceName, {
        tls: service.clientPolicy.tls,
        path: `spec.backends[${index}].virtualService.clientPolicy.tls`,
      });
  });
  return { defaults, byBackend };
}

/** A secret translation points at over ADS: an ACM certificate, or the trust of ACM private CAs. */
export interface AdsSecret {
  /** The certificate's ARN, or the CAs' ARNs joined by ",". */
  name: string;
  kind: "certificate" | "trust";
  /** Where the spec names it. */
  path: string;
}

/** The ACM certificates and trusts a virtual node's or gateway's TLS (listeners, client policies) uses. */
export function adsSecretsOf(spec: VirtualNodeSpec | VirtualGatewaySpec): AdsSecret[] {
  const secrets: AdsSecret[] = [];
  const add = (tls: ListenerTlsSpec | ClientTlsSpec, path: string) => {
    const acm = tls.certificate?.acm;
    if (acm) secrets.push({ name: acmCertificateName(acm), kind: "certificate", path: `${path}.certificate.acm` });
    const trust = tls.validation?.trust?.acm;
    if (trust) secrets.push({ name: acmTrustName(trust), kind: "trust", path: `${path}.validation.trust.acm` });
  };
  const listeners: { tls?: ListenerTlsSpec | undefined }[] = spec.listeners ?? [];
  listeners.forEach(({ tls }, index) => {
    if (tls?.mode === "STRICT" || tls?.mode === "PERMISSIVE") add(tls, `spec.listeners[${index}].tls`);
  });
  const { defaults, byBackend } = clientPoliciesOf(spec);
  for (const policy of [defaults, ...byBackend.values()]) {
    if (policy && policy.tls.enforce !== false) add(policy.tls, policy.path);
  }
  return secrets;
}
