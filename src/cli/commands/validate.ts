/**
 * `mesh validate PATH...`: checks App Mesh input documents (see src/validate/documents.ts) with both
 * tiers and as a set, with no backend and no network. One line per problem (`file: path: message`),
 * or `--output json` (only when asked for: this is a report for people first); exit 0 when clean,
 * 1 when there are errors (or warnings, with `--strict`).
 */
import { existsSync } from "node:fs";
import { relative, resolve } from "node:path";
import type { DocumentProblem } from "../../validate/validate-documents.js";
import { usageError } from "../errors.js";
import { formatJson } from "../output/format.js";
import type { ExtraCommand } from "./command.js";

export const PROBLEMS_FOUND = 1;

function location(problem: DocumentProblem): string {
  return problem.document ? `${problem.file}#${problem.document}` : problem.file;
}

function line(problem: DocumentProblem): string {
  const path = problem.path ? `${problem.path}: ` : "";
  const tag = problem.severity === "warning" ? "warning: " : "";
  return `${location(problem)}: ${path}${tag}${problem.message}\n`;
}

export const validateCommand: ExtraCommand = {
  name: "validate",
  summary: "check App Mesh input documents offline, one by one and as a set (for CI)",
  define(command, context) {
    command
      .argument("[paths...]")
      .option("--strict", "treat warnings as errors")
      .action(async (paths: string[], options: { strict?: boolean }) => {
        const { io } = context;
        if (paths.length === 0) throw usageError("the following arguments are required: paths");
        for (const path of paths) {
          if (!existsSync(resolve(io.cwd, path)))
            throw usageError(`argument paths: no such file or directory: '${path}'`);
        }
        const [{ loadDocuments }, { validateDocuments }] = await Promise.all([
          import("../../validate/documents.js"),
          import("../../validate/validate-documents.js"),
        ]);
        const set = await loadDocuments(paths.map((path) => resolve(io.cwd, path)));
        // Files are named as the user would: relative to where the command runs.
        const problems = validateDocuments(set).map((p) => ({ ...p, file: relative(io.cwd, p.file) || p.file }));
        const errors = problems.filter((p) => p.severity === "error").length;
        const warnings = problems.length - errors;
        const files = new Set([...set.documents.map((d) => d.file), ...set.problems.map((p) => p.file)]).size;
        if (context.globals().output === "json") {
          const report = problems.map(({ file, document, operation, path, message, severity }) => {
            return { file, document, operation, path, message, severity };
          });
          io.stdout(formatJson({ files, documents: set.documents.length, errors, warnings, problems: report }));
        } else {
          for (const problem of problems) io.stdout(line(problem));
          if (problems.length) {
            io.stderr(
              `${errors} error${errors === 1 ? "" : "s"}, ${warnings} warning${warnings === 1 ? "" : "s"} in ${files} files\n`,
            );
          }
        }
        if (errors > 0 || (options.strict && warnings > 0)) context.exit(PROBLEMS_FOUND);
      });
  },
};
