/**
 * The shapes Envoy's v3 API shares across resources, in proto3 JSON as Envoy's own `/config_dump` prints
 * it: snake_case fields, durations as "15s", 64-bit integers as strings, typed extensions carrying their
 * `@type`. The proxy runs from these, `/config_dump` shows them and the xDS server encodes them.
 */

export interface SocketAddress {
  address: string;
  port_value: number;
  /** A listener on `::` that takes IPv4 connections too. */
  ipv4_compat?: boolean;
}

/** "ip:port", an IPv6 address in brackets, as URLs and Envoy's `/clusters` write it. */
export function hostPort({ address, port_value }: { address: string; port_value: number }): string {
  return address.includes(":") ? `[${address}]:${port_value}` : `${address}:${port_value}`;
}

/** The host (brackets removed) and port of "host:port" or "[ipv6]:port". */
export function splitHostPort(text: string): { host: string; port: number } {
  const at = text.lastIndexOf(":");
  return { host: text.slice(0, at).replace(/^\[|\]$/g, ""), port: Number(text.slice(at + 1)) };
}

export interface Address {
  socket_address: SocketAddress;
}

/** google.protobuf.Duration in JSON: seconds with an `s`, e.g. "15s", "0.250s". */
export type Duration = string;

/** An Envoy extension: its name and its typed configuration (`@type` first). */
export interface TypedExtension<Config extends { "@type": string } = { "@type": string }> {
  name: string;
  typed_config: Config;
}

/** envoy.config.core.v3.Metadata: filter metadata by namespace. */
export interface Metadata {
  filter_metadata: Record<string, Record<string, unknown>>;
}

/** envoy.config.core.v3.ConfigSource, as App Mesh sends every dynamic reference: over the ADS stream. */
export interface AdsConfigSource {
  ads: Record<string, never>;
  resource_api_version: "V3";
  initial_fetch_timeout?: Duration;
}

export interface StringMatcher {
  exact?: string;
  prefix?: string;
  suffix?: string;
  safe_regex?: { regex: string };
  ignore_case?: boolean;
}

export interface HeaderValueOption {
  header: { key: string; value: string };
  append_action?: "APPEND_IF_EXISTS_OR_ADD" | "ADD_IF_ABSENT" | "OVERWRITE_IF_EXISTS_OR_ADD";
}
