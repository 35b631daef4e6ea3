/** How the spec rules report: an error (the service refuses it) or a warning (accepted, never worked). */
import { childPath, type Problem } from "../problem.js";

export class Findings {
  readonly problems: Problem[] = [];

  error(path: string, message: string): void {
    this.problems.push({ path, message, severity: "error" });
  }

  warning(path: string, message: string): void {
    this.problems.push({ path, message, severity: "warning" });
  }
}

export { childPath };
