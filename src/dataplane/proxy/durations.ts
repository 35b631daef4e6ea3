/** Envoy's duration strings ("1s", "0.250s") in milliseconds. */
export function durationMs(duration: string | undefined, fallback: number): number {
  if (duration === undefined) return fallback;
  const seconds = Number.parseFloat(duration);
  return Number.isFinite(seconds) ? seconds * 1000 : fallback;
}
