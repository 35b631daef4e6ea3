/**
 * What can go wrong on the way to a service, apart from the service's own answer (a ServiceError):
 * the caller's configuration (no region, no credentials: the AWS CLI's exit 253) and the connection
 * (nothing listening, a dropped connection; also an unknown profile or a region that is no region
 * name: exit 255).
 */
export class BackendConfigError extends Error {
  override readonly name = "BackendConfigError";
}

export class BackendConnectionError extends Error {
  override readonly name = "BackendConnectionError";
}
