/**
 * Every reply the proxy makes itself, from one catalogue: Envoy's status, exact body, response flags
 * and response code details (dataplane.md §18–§19), plus the mesh object that decided it. The object
 * goes out in the `x-mesh-decided-by` header, so "is this 503 mine or the app's?" has an answer.
 */

export const DECIDED_BY_HEADER = "x-mesh-decided-by";

export interface LocalReply {
  status: number;
  body: string;
  /** Envoy's response flags (`NR`, `UF,URX`). */
  flags: string;
  /** Envoy's %RESPONSE_CODE_DETAILS%. */
  details: string;
  /** The mesh object and why: `mesh/colors/virtualRouter/colors-router (no route matches)`. */
  decidedBy: string;
  /** x-envoy-overloaded: true (overflow). */
  overloaded?: boolean;
}

/** Why an upstream attempt failed before response headers, as Envoy words its reset reasons. */
export interface ResetReason {
  reason: string;
  /** UF (connect), UC (termination), UR (remote reset), LR (local reset), UO (overflow), UPE (protocol error). */
  flag: "UF" | "UC" | "UR" | "LR" | "UO" | "UPE";
  status: 503 | 502;
}

export const localReplies = {
  noRoute: (decidedBy: string): LocalReply => ({
    status: 404,
    body: "",
    flags: "NR",
    details: "route_not_found",
    decidedBy,
  }),
  clusterNotFound: (decidedBy: string): LocalReply => ({
    status: 503,
    body: "",
    flags: "NC",
    details: "cluster_not_found",
    decidedBy,
  }),
  noHealthyUpstream: (decidedBy: string): LocalReply => ({
    status: 503,
    body: "no healthy upstream",
    flags: "UH",
    details: "no_healthy_upstream",
    decidedBy,
  }),
  upstreamReset: (reset: ResetReason, retried: boolean, decidedBy: string): LocalReply => ({
    status: reset.status,
    body: `upstream connect error or disconnect/reset before headers. ${retried ? "retried and the latest " : ""}reset reason: ${reset.reason}`,
    flags: retried ? `${reset.flag},URX` : reset.flag,
    details: "upstream_reset_before_response_started",
    decidedBy,
    ...(reset.flag === "UO" ? { overloaded: true } : {}),
  }),
  upstreamTimeout: (perTry: boolean, retried: boolean, decidedBy: string): LocalReply => ({
    status: 504,
    body: "upstream request timeout",
    flags: retried ? "UT,URX" : "UT",
    details: perTry ? "upstream_per_try_timeout" : "response_timeout",
    decidedBy,
  }),
  /** 504 once the whole request was received, else 408 (Envoy's maybeRequestTimeoutCode). */
  streamIdleTimeout: (requestComplete: boolean, decidedBy: string): LocalReply => ({
    status: requestComplete ? 504 : 408,
    body: "stream timeout",
    flags: "SI",
    details: "stream_idle_timeout",
    decidedBy,
  }),
  badRequest: (details: string): LocalReply => ({
    status: 400,
    body: "Bad Request",
    flags: "DPE",
    details,
    decidedBy: "",
  }),
};

export const RESETS = {
  connectionRefused: {
    reason: "remote connection failure, transport failure reason: delayed connect error: Connection refused",
    flag: "UF",
    status: 503,
  },
  connectTimeout: { reason: "connection timeout", flag: "UF", status: 503 },
  connectFailure: (detail: string): ResetReason => ({
    reason: `remote connection failure, transport failure reason: ${detail}`,
    flag: "UF",
    status: 503,
  }),
  termination: { reason: "connection termination", flag: "UC", status: 503 },
  remoteReset: { reason: "remote reset", flag: "UR", status: 503 },
  refusedStream: { reason: "remote refused stream reset", flag: "UR", status: 503 },
  localReset: { reason: "local reset", flag: "LR", status: 503 },
  overflow: { reason: "overflow", flag: "UO", status: 503 },
  protocolError: { reason: "protocol error", flag: "UPE", status: 502 },
} satisfies Record<string, ResetReason | ((detail: string) => ResetReason)>;
