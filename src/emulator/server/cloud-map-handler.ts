/**
 * Cloud Map's JSON 1.1 protocol: `POST /` with `X-Amz-Target: Route53AutoNaming_v20170314.<Operation>`,
 * the input as the JSON body and the output as the answer. Errors are `{"__type", "Message"}` (the
 * model's member name, which SDKs and botocore read as the message) plus the exception's other
 * modeled members, all with the modeled status.
 */
import { servicediscovery } from "../../model/generated/servicediscovery.js";
import { operationByName } from "../../model/models.js";
import { ServiceError } from "../../model/service-error.js";
import { CloudMapError, invalidInput } from "../servicediscovery/errors.js";
import type { Scope } from "../state/scope.js";
import {
  type ProtocolHandler,
  type RequestHead,
  type ServiceForScope,
  WireInputError,
  type WireRequest,
  type WireResponse,
} from "./protocol.js";
import { parseJsonObject, toWireJson } from "./wire-json.js";

const CONTENT_TYPE = "application/x-amz-json-1.1";
const TARGET_PREFIX = `${servicediscovery.metadata.targetPrefix}.`;

export class CloudMapHandler implements ProtocolHandler {
  readonly signingName = "servicediscovery";

  constructor(private readonly serviceFor: ServiceForScope) {}

  /** Every request with `X-Amz-Target`: this server's only JSON 1.1 service answers unknown targets too. */
  claims(head: RequestHead): boolean {
    return head.headers["x-amz-target"] !== undefined;
  }

  handle(request: WireRequest, scope: Scope): WireResponse {
    const target = String(request.headers["x-amz-target"]);
    const operation = target.startsWith(TARGET_PREFIX)
      ? operationByName(servicediscovery, target.slice(TARGET_PREFIX.length))
      : undefined;
    if (request.method !== "POST" || request.path !== "/" || !operation) {
      throw new ServiceError(
        "UnknownOperationException",
        `No operation ${target} at ${request.method} ${request.path}`,
        400,
      );
    }
    const mediaType = String(request.headers["content-type"] ?? "").split(";")[0];
    if (request.body.length > 0 && mediaType !== CONTENT_TYPE) {
      throw new WireInputError(`Unsupported Content-Type ${mediaType}: send ${CONTENT_TYPE}`);
    }
    const output = this.serviceFor(scope).call(operation.name, parseJsonObject(request.body));
    return { status: 200, headers: { "content-type": CONTENT_TYPE }, body: toWireJson(output) };
  }

  badRequest(message: string): ServiceError {
    return invalidInput(message);
  }

  errorResponse(error: ServiceError): WireResponse {
    const fields = error instanceof CloudMapError ? error.fields : {};
    return {
      status: error.status,
      headers: { "content-type": CONTENT_TYPE },
      body: toWireJson({ __type: error.code, Message: error.message, ...fields }),
    };
  }
}
