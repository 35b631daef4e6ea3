/** The Cloud Map exceptions the emulator raises, with the HTTP status the model gives each. */
import { servicediscovery } from "../../model/generated/servicediscovery.js";
import { errorStatus } from "../../model/models.js";
import { ServiceError } from "../../model/service-error.js";

export type CloudMapErrorCode =
  | "CustomHealthNotFound"
  | "DuplicateRequest"
  | "InstanceNotFound"
  | "InvalidInput"
  | "NamespaceAlreadyExists"
  | "NamespaceNotFound"
  | "OperationNotFound"
  | "ResourceInUse"
  | "ResourceLimitExceeded"
  | "ResourceNotFoundException"
  | "ServiceAlreadyExists"
  | "ServiceAttributesLimitExceededException"
  | "ServiceNotFound"
  | "TooManyTagsException";

/**
 * A ServiceError that also carries the exception's other modeled members: `NamespaceId` and
 * `CreatorRequestId` of NamespaceAlreadyExists, `DuplicateOperationId` of DuplicateRequest, … A wire
 * server sends them next to `Message`.
 */
export class CloudMapError extends ServiceError {
  constructor(
    code: CloudMapErrorCode,
    message: string,
    readonly fields: Record<string, string> = {},
  ) {
    super(code, message, errorStatus(servicediscovery, code));
  }
}

export function invalidInput(message: string): CloudMapError {
  return new CloudMapError("InvalidInput", message);
}
