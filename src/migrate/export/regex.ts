/** Regular expressions (RE2 syntax, full match) for App Mesh matches a target can only say as a regex. */

export function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * The decimal integers in [start, end) (App Mesh's header range: start inclusive, end exclusive), as a
 * regex over their plain decimal form (no sign for positives, no leading zeros).
 */
export function rangeRegex(start: number, end: number): string {
  const last = end - 1;
  const parts: string[] = [];
  if (start < 0) {
    const patterns = positiveRange(Math.max(1, -last), -start);
    if (patterns.length) parts.push(`-(?:${patterns.join("|")})`);
  }
  parts.push(...positiveRange(Math.max(0, start), last));
  return parts.length ? `(?:${parts.join("|")})` : "(?!)";
}

/** Patterns covering [min, max] of non-negative integers, split where the digit count or a run of 9s changes. */
function positiveRange(min: number, max: number): string[] {
  if (min > max) return [];
  const stops = new Set([max]);
  for (let nines = 1; ; nines++) {
    const stop = countNines(min, nines);
    if (!(min <= stop && stop <= max)) break;
    stops.add(stop);
  }
  for (let zeros = 1; ; zeros++) {
    const stop = max + 1 - ((max + 1) % 10 ** zeros) - 1;
    if (!(min < stop && stop <= max)) break;
    stops.add(stop);
  }
  let start = min;
  return [...stops]
    .sort((a, b) => a - b)
    .map((stop) => {
      const pattern = digitsPattern(String(start), String(stop));
      start = stop + 1;
      return pattern;
    });
}

function countNines(min: number, nines: number): number {
  const digits = String(min);
  return Number(digits.slice(0, Math.max(0, digits.length - nines)) + "9".repeat(nines));
}

function digitsPattern(start: string, stop: string): string {
  let pattern = "";
  let any = 0;
  for (let i = 0; i < start.length; i++) {
    const [a, b] = [start[i] as string, stop[i] as string];
    if (a === b) pattern += a;
    else if (a === "0" && b === "9") any++;
    else pattern += `[${a}-${b}]`;
  }
  return any ? `${pattern}\\d{${any}}` : pattern;
}
