/** A resource that is not valid for Envoy's protos, with the path of the offending value. */
export class ProtoJsonError extends Error {
  override readonly name = "ProtoJsonError";
  constructor(
    readonly path: string,
    readonly problem: string,
  ) {
    super(`${path}: ${problem}`);
  }
}
