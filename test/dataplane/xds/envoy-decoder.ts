/**
 * An independent check of what the server sends: Envoy's v3 types loaded straight from the .proto
 * files @grpc/grpc-js-xds ships (not from the server's generated descriptor), each resource decoded,
 * and every Any inside it (typed extensions) resolved to a known type and decoded in turn.
 */
import type protobuf from "protobufjs";
import { ENTRY_PROTOS, loadEnvoyProtos } from "../../../scripts/generate-xds-protos.js";

let root: protobuf.Root | undefined;

export function envoyProtoRoot(): protobuf.Root {
  root ??= loadEnvoyProtos([...ENTRY_PROTOS, "envoy/config/bootstrap/v3/bootstrap.proto"]);
  return root;
}

export interface Decoded {
  name: string;
  value: Record<string, unknown>;
  /** Every `@type` met inside, typed extensions included. */
  typeUrls: string[];
}

/** Decodes one Any-wrapped resource; throws when it or anything in it names a type Envoy does not have. */
export function decodeAny(typeUrl: string, bytes: Uint8Array): Decoded {
  const typeUrls: string[] = [];
  const value = decodeInto(typeUrl, bytes, typeUrls);
  return { name: String(value.name ?? value.cluster_name), value, typeUrls };
}

function decodeInto(typeUrl: string, bytes: Uint8Array, typeUrls: string[]): Record<string, unknown> {
  typeUrls.push(typeUrl);
  const type = envoyProtoRoot().lookupType(typeUrl.slice(typeUrl.lastIndexOf("/") + 1));
  const message = type.decode(bytes);
  const object = type.toObject(message, { longs: String, enums: String, defaults: false }) as Record<string, unknown>;
  return unwrapAnys(object, typeUrls) as Record<string, unknown>;
}

/** Replaces each `{type_url, value}` by its decoded message (with "@type"), recursively. */
function unwrapAnys(node: unknown, typeUrls: string[]): unknown {
  if (Array.isArray(node)) return node.map((item) => unwrapAnys(item, typeUrls));
  if (!node || typeof node !== "object" || node instanceof Uint8Array) return node;
  const record = node as Record<string, unknown>;
  if (typeof record.type_url === "string" && record.value instanceof Uint8Array) {
    return { "@type": record.type_url, ...decodeInto(record.type_url, record.value, typeUrls) };
  }
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [key, unwrapAnys(value, typeUrls)]));
}
