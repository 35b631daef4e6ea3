/**
 * One upstream attempt, and the handler its response goes to: the shapes every interceptor of the
 * request path passes along (undici's dispatch / handler split, in the proxy's own words).
 */
import type { ResetReason } from "../local-reply.js";
import type { RequestBody } from "../request-body.js";

export interface UpstreamRequest {
  method: string;
  /** Origin-form path and query. */
  path: string;
  /** Flat name/value pairs, `host` among them. */
  headers: string[];
  /** None, or the body each attempt sends (see request-body.ts). */
  body: RequestBody | null;
}

/** Why an attempt, or the whole request, ended without a response from upstream. */
export type Failure =
  | { kind: "reset"; reset: ResetReason; decidedBy: string }
  | { kind: "timeout"; perTry: boolean; decidedBy: string }
  | { kind: "idle-timeout"; requestComplete: boolean; decidedBy: string }
  | { kind: "no-healthy-upstream"; decidedBy: string };

export interface ResponseHandler {
  /** Response head: status and flat raw header pairs. Return false to pause the body until `resume`. */
  onHeaders(status: number, headers: string[], resume: () => void): boolean;
  /** Return false to pause until the resume function given with the headers is called. */
  onData(chunk: Buffer): boolean;
  onComplete(trailers: string[] | null): void;
  /** `retried`: retries ran before this failure (Envoy's URX). */
  onError(failure: Failure, retried: boolean): void;
}

/** Ends an attempt early (the downstream went away, a timeout fired, a retry took over). */
export type Cancel = () => void;
