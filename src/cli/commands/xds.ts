/**
 * Loads the xDS control plane. In the CLI bundle this import is rewritten to the separate xDS bundle
 * (see scripts/bundle.ts), so gRPC and protobuf are read only by `mesh serve --xds-…`.
 */
export type Xds = typeof import("../../dataplane/xds/entry.js");

export function loadXds(): Promise<Xds> {
  return import("../../dataplane/xds/entry.js");
}
