/**
 * App Mesh's rest-json protocol: the route table picks the operation, path + query + JSON body make its
 * input, and the answer is the output's payload member when the model names one (DescribeMesh answers
 * the bare MeshData), else the whole output. Errors carry `x-amzn-ErrorType` and `{"message"}`, which
 * is where the SDKs and the CLIs read the exception's name.
 */

import { appmesh } from "../../model/generated/appmesh.js";
import type { ServiceError } from "../../model/service-error.js";
import { appMeshError } from "../appmesh/errors.js";
import type { Scope } from "../state/scope.js";
import {
  type ProtocolHandler,
  type RequestHead,
  type ServiceForScope,
  WireInputError,
  type WireRequest,
  type WireResponse,
} from "./protocol.js";
import { restJsonInput } from "./rest-json-input.js";
import { type RouteMatch, RouteTable } from "./route-table.js";
import { toWireJson } from "./wire-json.js";

export class AppMeshHandler implements ProtocolHandler {
  readonly signingName = "appmesh";
  private readonly routes = new RouteTable(appmesh);

  constructor(private readonly serviceFor: ServiceForScope) {}

  /** Every request without `X-Amz-Target` (which marks the JSON 1.x protocols). */
  claims(head: RequestHead): boolean {
    return head.headers["x-amz-target"] === undefined;
  }

  handle(request: WireRequest, scope: Scope): WireResponse {
    const { operation, labels } = this.route(request);
    const input = restJsonInput(operation, labels, request);
    const output = this.serviceFor(scope).call(operation.name, input);
    const payload = operation.output?.payload;
    return {
      status: operation.http.responseCode,
      headers: { "content-type": "application/json" },
      body: toWireJson(payload ? (output[payload] ?? {}) : output),
    };
  }

  badRequest(message: string): ServiceError {
    return appMeshError("BadRequestException", message);
  }

  errorResponse(error: ServiceError): WireResponse {
    return {
      status: error.status,
      headers: { "content-type": "application/json", "x-amzn-ErrorType": error.code },
      body: toWireJson({ message: error.message }),
    };
  }

  private route(request: WireRequest): RouteMatch {
    let match: RouteMatch | undefined;
    try {
      match = this.routes.match(request.method, request.path);
    } catch {
      throw new WireInputError(`The path ${request.path} is not valid percent-encoding`);
    }
    if (!match)
      throw appMeshError("NotFoundException", `No App Mesh operation is bound to ${request.method} ${request.path}`);
    return match;
  }
}
