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
  /** For a model constraint: the value as AWS quotes it and the rule (`Member must have value …`). */
  constraint?: { value: string; rule: string };
  /** The service refuses this one in its own words, before any other (`Service Discovery can't be set…`). */
  standalone?: boolean;
}

/** `a.b` + `c` → `a.b.c`; `a` + `[0]` → `a[0]`. */
export function childPath(path: string, member: string | number): string {
  if (typeof member === "number") return `${path}[${member}]`;
  return path ? `${path}.${member}` : member;
}

/**
 * The service's words for problems it refuses, as AWS services word them:
 * `2 validation errors detected: Value '70000' at 'spec.listeners[0].portMapping.port' failed to
 * satisfy constraint: Member must have value less than or equal to 65535; spec.httpRoute: …`, or
 * the one message of a check the service words on its own.
 */
export function serviceMessage(problems: Problem[]): string {
  const standalone = problems.find((p) => p.standalone);
  if (standalone) return standalone.message;
  const count = problems.length;
  const items = problems.map((p) =>
    p.constraint
      ? `Value ${p.constraint.value} at '${p.path}' failed to satisfy constraint: ${p.constraint.rule}`
      : `${p.path}: ${p.message}`,
  );
  return `${count} validation error${count === 1 ? "" : "s"} detected: ${items.join("; ")}`;
}
