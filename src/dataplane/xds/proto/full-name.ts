/** A type's full name (`.google.protobuf.Duration`), remembered: protobuf.js computes it on every read. */
import type protobuf from "protobufjs";

const names = new WeakMap<protobuf.ReflectionObject, string>();

export function fullNameOf(type: protobuf.ReflectionObject): string {
  let name = names.get(type);
  if (name === undefined) {
    name = type.fullName;
    names.set(type, name);
  }
  return name;
}
