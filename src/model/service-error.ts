/**
 * An error answered by the service (or by the emulator speaking as the service): one of the model's
 * exception shapes, with its HTTP status. The CLI turns it into `An error occurred (Code) when calling
 * the Operation operation: message` and exit code 254.
 */
/** Marks service errors across the CLI's bundles, each of which has its own copy of this class. */
const BRAND = Symbol.for("mesh.ServiceError");

export class ServiceError extends Error {
  override readonly name = "ServiceError";
  readonly [BRAND] = true;

  /**
   * `instanceof ServiceError` holds for one made by any bundle (migrate.cjs's as well as mesh.cjs's);
   * subclasses keep the usual prototype check.
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    // biome-ignore lint/complexity/noThisInStatic: `this` is the class instanceof asks about, maybe a subclass
    if (this !== ServiceError) return Function.prototype[Symbol.hasInstance].call(this, value);
    return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
  }

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
