/**
 * An error answered by the service (or by the emulator speaking as the service): one of the model's
 * exception shapes, with its HTTP status. The CLI turns it into `An error occurred (Code) when calling
 * the Operation operation: message` and exit code 254.
 */
export class ServiceError extends Error {
  override readonly name = "ServiceError";
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
    /** The API operation that failed, once known (`DescribeMesh`). */
    public operation?: string,
    /** Retries spent before giving up, when the client retried (shown as `(reached max retries: N)`). */
    readonly retriesExhausted?: number,
  ) {
    super(message);
  }

  /** Names the operation the error answered, for the CLI's message (keeps any subclass and its fields). */
  during(operation: string): this {
    this.operation ??= operation;
    return this;
  }
}
