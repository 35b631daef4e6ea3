/**
 * The parts of a service that decide how its instances are found and checked: DNS records (only in
 * DNS namespaces), a Route 53 health check (only in public DNS namespaces) or a custom one, never both.
 * Shared by CreateService and UpdateService, which send the same members.
 */
import { invalidInput } from "./errors.js";
import type { NamespaceRecord, ServiceRecord } from "./store.js";

type Json = Record<string, unknown>;
export type ServiceConfig = Pick<ServiceRecord, "type" | "dnsConfig" | "healthCheckConfig" | "healthCheckCustomConfig">;

export interface ConfigRequest {
  DnsConfig?: Json;
  HealthCheckConfig?: Json;
  HealthCheckCustomConfig?: Json;
  /** `HTTP`: no DNS records, even in a DNS namespace. */
  Type?: string;
}

export function serviceConfig(ns: NamespaceRecord, request: ConfigRequest): ServiceConfig {
  const { DnsConfig: dns, HealthCheckConfig: check, HealthCheckCustomConfig: custom } = request;
  if (check && custom)
    throw invalidInput("A service can have a HealthCheckConfig or a HealthCheckCustomConfig, not both");
  if (check && ns.type !== "DNS_PUBLIC") {
    throw invalidInput("HealthCheckConfig is only supported for services in public DNS namespaces");
  }
  if (dns && ns.type === "HTTP") throw invalidInput("DnsConfig is not supported for services in HTTP namespaces");
  if (dns && request.Type === "HTTP") throw invalidInput("A service of type HTTP can't have a DnsConfig");
  return {
    type: dns ? "DNS_HTTP" : "HTTP",
    dnsConfig: dns && dnsConfig(ns, dns),
    healthCheckConfig: check && healthCheckConfig(check),
    // FailureThreshold is no longer used: AWS always sets it to 1.
    healthCheckCustomConfig: custom && { FailureThreshold: 1 },
  };
}

function dnsConfig(ns: NamespaceRecord, dns: Json): Json {
  if (dns.NamespaceId !== undefined && dns.NamespaceId !== ns.id) {
    throw invalidInput(`DnsConfig.NamespaceId ${String(dns.NamespaceId)} is not the service's namespace ${ns.id}`);
  }
  const records = dns.DnsRecords as { Type: string; TTL: number }[];
  const types = records.map((record) => record.Type);
  if (new Set(types).size !== types.length) throw invalidInput("DnsRecords can't hold two records of the same type");
  const routing = (dns.RoutingPolicy as string | undefined) ?? "MULTIVALUE";
  if (types.includes("CNAME") && (types.length > 1 || routing !== "WEIGHTED")) {
    throw invalidInput("A CNAME record must be the service's only record, with the WEIGHTED routing policy");
  }
  return { NamespaceId: ns.id, RoutingPolicy: routing, DnsRecords: records };
}

function healthCheckConfig(check: Json): Json {
  if (check.Type === "TCP") {
    if (check.ResourcePath !== undefined) throw invalidInput("A TCP health check can't have a ResourcePath");
    return { Type: "TCP", FailureThreshold: check.FailureThreshold ?? 1 };
  }
  return { Type: check.Type, ResourcePath: check.ResourcePath ?? "/", FailureThreshold: check.FailureThreshold ?? 1 };
}
