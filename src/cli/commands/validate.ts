/**
 * `mesh validate PATH...`: checks App Mesh input documents (see src/validate/documents.ts) with both
 * tiers and as a set, with no backend and no network. One line per problem (`file[#N]: path: message`),
 * or `--output json` (only when asked for: this is a report for people first); exit 0 when clean,
 * 1 when there are errors (or warnings, with `--strict`).
 */
import type { DocumentProblem } from "../../validate/validate-documents.js";
import { invalidChoiceMessage } from "../choices.js";
import { unknownOptionsError, usageError } from "../errors.js";
import { formatJson } from "../output/format.js";
import type { ExtraCommand } from "./command.js";
import { loadDocumentPaths } from "./document-paths.js";

export const PROBLEMS_FOUND = 1;

const VALIDATE_HELP = `NAME
       validate - check App Mesh input documents offline, one by one and as a set (for CI)

SYNOPSIS
            validate <path> [<path> ...]
          [--strict]              warnings fail the run too
          [--output text|json]    one line per problem (default), or a JSON report

DESCRIPTION
       Each JSON or YAML document is an operation input (what --cli-input-json takes) plus an
       "operation" member (create-route or CreateRoute); a file may hold several. Directories are
       searched for .json, .yaml and .yml files. Exit 0 when clean, 1 when there are errors (or
       warnings with --strict), 252 for a bad command line.
`;

/** `file[#document]: path: [warning: ]message`, `location` being the document's documentLabel. */
function line(location: string, problem: DocumentProblem): string {
  const path = problem.path ? `${problem.path}: ` : "";
  const tag = problem.severity === "warning" ? "warning: " : "";
  return `${location}: ${path}${tag}${problem.message}\n`;
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
        if (paths.at(-1) === "help") return io.stdout(VALIDATE_HELP);
        const unknown = paths.filter((path) => path.startsWith("--"));
        if (unknown.length) throw unknownOptionsError(unknown);
        const output = context.globals().output ?? "text";
        if (output !== "text" && output !== "json")
          throw usageError(invalidChoiceMessage("--output", output, ["text", "json"]));
        if (paths.length === 0) throw usageError("the following arguments are required: paths");
        // Files are named as the user would: relative to where the command runs.
        const set = await loadDocumentPaths(paths, io.cwd, "paths");
        const [{ documentLabel }, { validateDocuments }] = await Promise.all([
          import("../../validate/documents.js"),
          import("../../validate/validate-documents.js"),
        ]);
        const problems = validateDocuments(set);
        const errors = problems.filter((p) => p.severity === "error").length;
        const warnings = problems.length - errors;
        const files = new Set([...set.documents.map((d) => d.file), ...set.problems.map((p) => p.file)]).size;
        if (output === "json") {
          // `document` counts from 1, as in the `file#2` of the lines.
          const report = problems.map(({ file, document, resource, operation, path, message, severity }) => {
            return { file, document: document + 1, resource, operation, path, message, severity };
          });
          io.stdout(formatJson({ files, documents: set.documents.length, errors, warnings, problems: report }));
        } else {
          for (const p of problems) {
            io.stdout(line(documentLabel(p.file, p.document, p.documentsInFile, p.resource), p));
          }
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
