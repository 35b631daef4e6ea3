/**
 * What the HTTP server asks of a wire protocol (App Mesh's rest-json, Cloud Map's JSON 1.1): claim a
 * request from its head, turn it into a service call, and render errors in the
 * protocol's own shape. The server owns sockets, body limits, authentication and the error boundary.
 */
import type { IncomingHttpHeaders } from "node:http";
import type { ServiceError } from "../../model/service-error.js";
import type { Scope } from "../state/scope.js";

/** A request before its body is read. */
export interface RequestHead {
  method: string;
  /** The path as sent, still percent-encoded: `%2F` inside a name is not a separator. */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
}

export interface WireRequest extends RequestHead {
  body: Buffer;
}

export interface WireResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** An emulated service as the protocols see it: SDK-shaped input and output, ServiceError on failure. */
export interface OperationService {
  call(operation: string, input: Record<string, unknown>): Record<string, unknown>;
}

/** The service for one account and region (the account is the emulator's, the region the caller's). */
export type ServiceForScope = (scope: Scope) => OperationService;

/**
 * Input the server cannot read as a request (malformed JSON, a body over the limit, a bad query value).
 * The server answers it with the protocol's client error (App Mesh: BadRequestException).
 */
export class WireInputError extends Error {
  override readonly name = "WireInputError";
}

export interface ProtocolHandler {
  /** The service's SigV4 signing name, which a request's credential scope must name (`appmesh`). */
  readonly signingName: string;
  /** Whether this protocol serves the request, judged from its head alone. */
  claims(head: RequestHead): boolean;
  handle(request: WireRequest, scope: Scope): WireResponse;
  /** The protocol's error for a WireInputError. */
  badRequest(message: string): ServiceError;
  errorResponse(error: ServiceError): WireResponse;
}
