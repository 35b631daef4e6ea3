/**
 * Instance attributes: the reserved `AWS_*` ones Cloud Map reads (addresses, port, initial health)
 * must be well formed, a DNS service's records need the addresses they point at, and the whole set is
 * bounded (30 custom attributes, 5,000 characters of keys and values).
 */
import { isIPv4, isIPv6 } from "node:net";
import { invalidInput } from "./errors.js";
import type { HealthStatus, ServiceRecord } from "./store.js";

export type Attributes = Record<string, string>;

const MAX_CUSTOM = 30;
const MAX_TOTAL_LENGTH = 5000;

/** Which attribute each DNS record type is built from. */
const RECORD_ATTRIBUTE: Record<string, string> = {
  A: "AWS_INSTANCE_IPV4",
  AAAA: "AWS_INSTANCE_IPV6",
  SRV: "AWS_INSTANCE_PORT",
  CNAME: "AWS_INSTANCE_CNAME",
};

export function checkAttributes(service: ServiceRecord, attributes: Attributes): void {
  const entries = Object.entries(attributes);
  const custom = entries.filter(([key]) => !key.startsWith("AWS_")).length;
  if (custom > MAX_CUSTOM) throw invalidInput(`An instance can have at most ${MAX_CUSTOM} custom attributes`);
  const length = entries.reduce((sum, [key, value]) => sum + key.length + value.length, 0);
  if (length > MAX_TOTAL_LENGTH) {
    throw invalidInput(`The attributes' keys and values total ${length} characters; the limit is ${MAX_TOTAL_LENGTH}`);
  }
  const { AWS_INSTANCE_IPV4: ipv4, AWS_INSTANCE_IPV6: ipv6, AWS_INSTANCE_PORT: port } = attributes;
  if (ipv4 !== undefined && !isIPv4(ipv4)) throw invalidInput(`AWS_INSTANCE_IPV4 ${ipv4} is not an IPv4 address`);
  if (ipv6 !== undefined && !isIPv6(ipv6)) throw invalidInput(`AWS_INSTANCE_IPV6 ${ipv6} is not an IPv6 address`);
  if (port !== undefined && !(/^\d+$/.test(port) && Number(port) >= 1 && Number(port) <= 65535)) {
    throw invalidInput(`AWS_INSTANCE_PORT ${port} is not a port from 1 to 65535`);
  }
  const health = attributes.AWS_INIT_HEALTH_STATUS;
  if (health !== undefined && health !== "HEALTHY" && health !== "UNHEALTHY") {
    throw invalidInput(`AWS_INIT_HEALTH_STATUS must be HEALTHY or UNHEALTHY, got ${health}`);
  }
  checkRecordsCovered(service, attributes);
}

/** A DNS service's records must be buildable: an A record needs an IPv4 address, and so on. */
function checkRecordsCovered(service: ServiceRecord, attributes: Attributes): void {
  if (attributes.AWS_ALIAS_DNS_NAME !== undefined) return;
  const records = (service.dnsConfig?.DnsRecords as { Type: string }[] | undefined) ?? [];
  for (const { Type } of records) {
    const needed = RECORD_ATTRIBUTE[Type];
    if (needed && attributes[needed] === undefined) {
      throw invalidInput(`The service has a ${Type} record, so the instance needs a ${needed} attribute`);
    }
  }
  if (records.some((r) => r.Type === "SRV") && !attributes.AWS_INSTANCE_IPV4 && !attributes.AWS_INSTANCE_IPV6) {
    throw invalidInput("The service has an SRV record, so the instance needs AWS_INSTANCE_IPV4 or AWS_INSTANCE_IPV6");
  }
}

/** A new instance's health: AWS_INIT_HEALTH_STATUS when given, else healthy. */
export function initialHealth(attributes: Attributes): HealthStatus {
  return attributes.AWS_INIT_HEALTH_STATUS === "UNHEALTHY" ? "UNHEALTHY" : "HEALTHY";
}
