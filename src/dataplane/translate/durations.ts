/** App Mesh durations ({value, unit}) as Envoy's ("15s", "0.250s"). */
import type { Duration as MeshDuration } from "@aws-sdk/client-app-mesh";
import type { Duration } from "../envoy/common.js";

export function seconds(value: number): Duration {
  return `${Number.isInteger(value) ? value : Number(value.toFixed(9))}s`;
}

export function durationOf(duration: MeshDuration | undefined): Duration | undefined {
  if (duration?.value === undefined) return undefined;
  return seconds(duration.unit === "ms" ? duration.value / 1000 : duration.value);
}
