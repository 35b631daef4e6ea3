/** App Mesh durations ({value, unit}) as Envoy's ("15s", "0.250s"). */
import type { Duration as MeshDuration } from "@aws-sdk/client-app-mesh";
import type { Duration } from "../envoy/common.js";

/** Proto3 JSON's form: whole seconds bare, else 3, 6 or 9 fractional digits ("0.300s"). */
export function seconds(value: number): Duration {
  if (Number.isInteger(value)) return `${value}s`;
  for (const digits of [3, 6, 9]) {
    const text = value.toFixed(digits);
    if (Math.abs(Number(text) - value) < 1e-12) return `${text}s`;
  }
  return `${value.toFixed(9)}s`;
}

export function durationOf(duration: MeshDuration | undefined): Duration | undefined {
  if (duration?.value === undefined) return undefined;
  return seconds(duration.unit === "ms" ? duration.value / 1000 : duration.value);
}
