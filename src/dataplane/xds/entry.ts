/**
 * The xDS control plane as the CLI loads it: a bundle of its own (dist/bundle/xds.cjs), read only by
 * `mesh serve` when an xDS transport is asked for, so gRPC and protobuf cost nothing otherwise.
 */

export { openState } from "../../emulator/open.js";
export { startXdsServer, type XdsOptions, type XdsServer } from "./ads-server.js";
