/**
 * Envoy's v3 protos as the server uses them, built once on first use from the generated descriptor:
 * protobuf.js types to encode resources, and the ADS service definition for @grpc/grpc-js, made by
 * @grpc/proto-loader.
 */
import type { PackageDefinition } from "@grpc/proto-loader";
import { fromJSON } from "@grpc/proto-loader";
import protobuf from "protobufjs";
import { adsProtos, envoyProtos } from "../generated/envoy-protos.js";

let root: protobuf.Root | undefined;
let definition: PackageDefinition | undefined;

export function envoyRoot(): protobuf.Root {
  // Types are resolved as they are first used: resolving all of them up front costs a quarter second.
  root ??= protobuf.Root.fromJSON(envoyProtos);
  return root;
}

/** Options as in grpc-node's own xDS code: field names as in the protos, 64-bit numbers as strings. */
export const LOADER_OPTIONS = { keepCase: true, longs: String, enums: String, defaults: true, oneofs: true };

export function adsPackageDefinition(): PackageDefinition {
  definition ??= fromJSON(adsProtos, LOADER_OPTIONS);
  return definition;
}

/** `type.googleapis.com/envoy.config.cluster.v3.Cluster` → its type. */
export function typeOfUrl(typeUrl: string): protobuf.Type {
  return envoyRoot().lookupType(typeUrl.slice(typeUrl.lastIndexOf("/") + 1));
}
