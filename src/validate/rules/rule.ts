/** How the spec rules report: an error (the service refuses it) or a warning (accepted, never worked). */
import { childPath, type Problem } from "../problem.js";

export class Findings {
  readonly problems: Problem[] = [];

  error(path: string, message: string): void {
    this.problems.push({ path, message, severity: "error" });
  }

  /** An error the service answers in its own words, alone (`BadRequestException: <message>`). */
  refusal(path: string, message: string): void {
    this.problems.push({ path, message, severity: "error", standalone: true });
  }

  warning(path: string, message: string): void {
    this.problems.push({ path, message, severity: "warning" });
  }
}

export { childPath };
