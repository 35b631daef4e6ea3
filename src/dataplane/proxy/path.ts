/**
 * Envoy's path normalisation as App Mesh configured it (normalize_path, merge_slashes,
 * KEEP_UNCHANGED for escaped slashes): dot segments resolved, repeated slashes merged, percent-escapes
 * of unreserved characters decoded and the others upper-cased. The query is left as it is.
 */

const UNRESERVED = /[A-Za-z0-9\-._~]/;

/** The normalised path and query, or undefined when the path cannot be made canonical (a 400). */
export function normalizePath(pathAndQuery: string): string | undefined {
  const at = pathAndQuery.search(/[?#]/);
  const path = at < 0 ? pathAndQuery : pathAndQuery.slice(0, at);
  const rest = at < 0 ? "" : pathAndQuery.slice(at);
  if (!path.startsWith("/")) return undefined;
  // The common case (no dots, no double slashes, no escapes) needs no work.
  if (!/\/\.|\/\/|%/.test(path)) return pathAndQuery;
  const decoded = path.replace(/%([0-9A-Fa-f]{2})/g, (_escape, hex: string) => {
    const char = String.fromCharCode(Number.parseInt(hex, 16));
    return UNRESERVED.test(char) ? char : `%${hex.toUpperCase()}`;
  });
  if (/%(?![0-9A-F]{2})/.test(decoded)) return undefined;
  const segments: string[] = [];
  const parts = decoded.split("/");
  for (const [i, part] of parts.entries()) {
    if (i === 0) continue;
    if (part === ".") {
      if (i === parts.length - 1) segments.push("");
    } else if (part === "..") {
      segments.pop();
      if (i === parts.length - 1) segments.push("");
    } else if (part !== "" || i === parts.length - 1) {
      segments.push(part);
    }
  }
  return `/${segments.join("/")}${rest}`;
}
