/** envoy.config.route.v3.RouteConfiguration: virtual hosts, routes, their matches and actions. */
import type { Duration, HeaderValueOption, Metadata, StringMatcher, TypedExtension } from "./common.js";

export interface RouteConfiguration {
  name: string;
  virtual_hosts: VirtualHost[];
  validate_clusters?: boolean;
  /** Says who decides for requests no virtual host takes (see decided-by.ts). */
  metadata?: Metadata;
}

export interface VirtualHost {
  name: string;
  domains: string[];
  routes: Route[];
  metadata?: Metadata;
}

export interface Route {
  name?: string;
  match: RouteMatch;
  route?: RouteAction;
  direct_response?: { status: number; body?: { inline_string: string } };
  metadata?: Metadata;
  request_headers_to_add?: HeaderValueOption[];
  request_headers_to_remove?: string[];
  response_headers_to_remove?: string[];
}

export interface RouteMatch {
  prefix?: string;
  path?: string;
  safe_regex?: { regex: string };
  headers?: HeaderMatcher[];
  query_parameters?: QueryParameterMatcher[];
  /** Only gRPC requests (content-type application/grpc*). */
  grpc?: Record<string, never>;
}

export interface HeaderMatcher {
  name: string;
  string_match?: StringMatcher;
  /** Start inclusive, end exclusive; int64 in JSON as strings. */
  range_match?: { start: string; end: string };
  present_match?: boolean;
  invert_match?: boolean;
}

export interface QueryParameterMatcher {
  name: string;
  string_match?: StringMatcher;
  present_match?: boolean;
}

export interface WeightedCluster {
  name: string;
  weight: number;
}

export interface RouteAction {
  cluster?: string;
  weighted_clusters?: { clusters: WeightedCluster[]; total_weight?: number };
  timeout?: Duration;
  idle_timeout?: Duration;
  retry_policy?: RetryPolicy;
  prefix_rewrite?: string;
  regex_rewrite?: { pattern: { regex: string }; substitution: string };
  host_rewrite_literal?: string;
  max_stream_duration?: { grpc_timeout_header_max?: Duration };
}

export interface RetryPolicy {
  retry_on: string;
  num_retries: number;
  per_try_timeout?: Duration;
  retriable_status_codes?: number[];
  retry_host_predicate?: TypedExtension[];
  /** int64 in JSON. */
  host_selection_retry_max_attempts?: string;
  retry_back_off?: { base_interval: Duration; max_interval?: Duration };
}
