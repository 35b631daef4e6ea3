/** One thing wrong with an input, where it is, and how bad it is. */
export interface Problem {
  /** Dotted path into the input: `spec.listeners[0].healthCheck.intervalMillis` (`input` for the top level). */
  path: string;
  /** What is wrong, without the path. */
  message: string;
  /**
   * `error`: App Mesh refuses it. `warning`: App Mesh accepted it, but it never worked (a black-holed
   * route, a weight sum that is not 100): reported by `mesh validate`, an error only with `--strict`.
   */
  severity: "error" | "warning";
  /** botocore's own line for this problem, for the checks the AWS CLI makes before sending. */
  botocore?: string;
}

/** `a.b` + `c` → `a.b.c`; `a` + `[0]` → `a[0]`. */
export function childPath(path: string, member: string | number): string {
  if (typeof member === "number") return `${path}[${member}]`;
  return path ? `${path}.${member}` : member;
}

/** The service's words for problems it refuses: `1 validation error detected: path: message; …`. */
export function serviceMessage(problems: Problem[]): string {
  const count = problems.length;
  return `${count} validation error${count === 1 ? "" : "s"} detected: ${problems.map((p) => `${p.path}: ${p.message}`).join("; ")}`;
}
