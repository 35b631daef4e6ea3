/** The App Mesh exceptions the emulator raises, with the HTTP status the model gives each. */
import { appmesh } from "../../model/generated/appmesh.js";
import { errorStatus } from "../../model/models.js";
import { ServiceError } from "../../model/service-error.js";

export type AppMeshErrorCode =
  | "BadRequestException"
  | "ConflictException"
  | "ForbiddenException"
  | "LimitExceededException"
  | "NotFoundException"
  | "ResourceInUseException"
  | "TooManyTagsException";

export function appMeshError(code: AppMeshErrorCode, message: string): ServiceError {
  return new ServiceError(code, message, errorStatus(appmesh, code));
}
