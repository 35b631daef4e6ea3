/**
 * `mesh import PATH...`: reads a mesh from the forms it lives in (CloudFormation templates, Kubernetes
 * manifests for the App Mesh controller, Terraform JSON, saved AWS CLI output; see src/migrate/import/)
 * and prints it as `mesh validate` documents (a YAML stream, or a JSON array with --output json), writes
 * them under --out DIR, or with --apply creates or updates the resources on the selected backend, in
 * dependency order and idempotently. Anything that keeps a resource from being imported (a value that
 * cannot be resolved statically, an unknown property, a dangling reference) is listed with its file,
 * resource and path, and nothing is imported (exit 252).
 */

import { existsSync } from "node:fs";
import { relative, resolve } from "node:path";
import { invalidChoiceMessage } from "../choices.js";
import { CliError, EXIT, unknownOptionsError, usageError } from "../errors.js";
import { formatJson } from "../output/format.js";
import type { CommandContext, ExtraCommand } from "./command.js";
import { loadMigrate } from "./migrate.js";

const IMPORT_HELP = `NAME
       import - read a mesh from CloudFormation, Kubernetes, Terraform or AWS CLI output

SYNOPSIS
            import <path> [<path> ...]
          [--parameter <name=value> ...]   a CloudFormation parameter (or pseudo parameter: AWS::Region=...)
          [--mesh-name <value>]            only this mesh (Cloud Map resources are always kept)
          [--out <dir>]                    write the documents there, one file per kind
          [--apply]                        create or update the resources on the backend instead
          [--output yaml|json]             how documents are printed (default yaml)

DESCRIPTION
       Reads CloudFormation templates (JSON, or YAML with !Ref, !GetAtt, !Sub...), Kubernetes manifests
       for the App Mesh controller (appmesh.k8s.aws/v1beta2), Terraform JSON (terraform show -json of a
       state or a plan, or terraform.tfstate) and saved describe-*/list-* output of the AWS CLI, and
       writes the mesh as mesh validate documents, in dependency order. With --apply, resources are
       created in that order; those already as declared are left alone, so a second run changes nothing.
       Exit 252 when something cannot be imported (each problem is listed with its file, resource and path).
`;

interface ImportFlags {
  parameter?: string[];
  meshName?: string;
  out?: string;
  apply?: boolean;
}

export const importCommand: ExtraCommand = {
  name: "import",
  summary: "read a mesh from CloudFormation, Kubernetes, Terraform or AWS CLI output, as documents or onto a backend",
  define(command, context) {
    command
      .argument("[paths...]")
      .option("--parameter <name=value...>")
      .option("--mesh-name <value>")
      .option("--out <dir>")
      .option("--apply")
      .action(async (paths: string[], flags: ImportFlags) => runImport(paths, flags, context));
  },
};

async function runImport(paths: string[], flags: ImportFlags, context: CommandContext): Promise<void> {
  const { io } = context;
  if (paths.at(-1) === "help") return io.stdout(IMPORT_HELP);
  const unknown = paths.filter((path) => path.startsWith("--"));
  if (unknown.length) throw unknownOptionsError(unknown);
  if (paths.length === 0) throw usageError("the following arguments are required: paths");
  const output = context.globals().output ?? "yaml";
  if (output !== "yaml" && output !== "json")
    throw usageError(invalidChoiceMessage("--output", output, ["yaml", "json"]));
  if (flags.apply && flags.out) throw usageError("argument --apply: not allowed with argument --out");
  for (const path of paths) {
    if (!existsSync(resolve(io.cwd, path))) throw usageError(`argument paths: no such file or directory: '${path}'`);
  }
  const parameters = parseParameters(flags.parameter ?? []);
  const [{ loadSources, asDocumentSet }, { operationLabel, documentLabel, modelOf }] = await Promise.all([
    loadMigrate(),
    import("../../validate/documents.js"),
  ]);
  const sources = await loadSources(
    paths.map((path) => resolve(io.cwd, path)),
    parameters,
  );
  const named = (file: string | undefined) => (file ? relative(io.cwd, file) || file : "");
  const problems = [
    ...sources.native.problems.map((p) => `${documentLabel(named(p.file), p.index, p.documentsInFile)}: ${p.message}`),
    ...sources.imported.problems.map((p) =>
      [named(p.file), p.resource, p.path, p.message].filter((part) => part !== undefined && part !== "").join(": "),
    ),
  ];
  refuse(problems, io, "nothing was imported");
  if (sources.imported.skipped.length) {
    const skipped = sources.imported.skipped.map((s) => s.replace(/^[^:]*(?=:)/, (file) => named(file)));
    io.stderr(`left aside (neither App Mesh nor Cloud Map): ${skipped.join(", ")}\n`);
  }
  const documents = [
    ...sources.native.documents.map((doc) => ({ operation: operationLabel(doc.operation), input: doc.input })),
    ...sources.imported.documents.map(({ operation, input }) => ({ operation, input })),
  ].filter(
    (doc) => flags.meshName === undefined || doc.input.meshName === undefined || doc.input.meshName === flags.meshName,
  );
  if (flags.apply) {
    // Each document must be a valid input; what it refers to may already be on the backend.
    const { checkInput } = await import("../../validate/check-input.js");
    const invalid = asDocumentSet(sources).documents.flatMap((doc) => {
      const check = checkInput(modelOf(doc.operation), doc.operation, doc.input);
      const label = documentLabel(named(doc.file), doc.index, doc.documentsInFile, doc.source?.resource);
      return [...check.client, ...check.service]
        .filter((p) => p.severity === "error")
        .map((p) => `${label}: ${p.path ? `${doc.source?.path(p.path) ?? p.path}: ` : ""}${p.message}`);
    });
    refuse(invalid, io, "nothing was applied");
    const notCreates = documents.filter((doc) => !/(^| )create-/.test(doc.operation));
    if (notCreates.length)
      throw usageError(`argument --apply: takes create-* documents only, not ${notCreates[0]?.operation}`);
    const { applyDocuments } = await loadMigrate();
    const applied = await applyDocuments(context.backend(), documents, ({ outcome, resource }) =>
      io.stdout(`${outcome} ${resource}\n`),
    );
    const count = (outcome: string) => applied.filter((a) => a.outcome === outcome).length;
    const changed = count("created") + count("updated");
    io.stdout(
      changed
        ? `${count("created")} created, ${count("updated")} updated, ${count("unchanged")} unchanged\n`
        : `no changes: all ${applied.length} resources are already as declared\n`,
    );
    return;
  }
  const { documentsYaml, documentValue, writeDocuments } = await loadMigrate();
  if (flags.out) {
    for (const file of await writeDocuments(resolve(io.cwd, flags.out), documents)) io.stdout(`${named(file)}\n`);
    return;
  }
  const { sortDocuments } = await loadMigrate();
  io.stdout(
    output === "json" ? formatJson(sortDocuments(documents).map(documentValue)) : await documentsYaml(documents),
  );
}

function parseParameters(values: string[]): Record<string, string> {
  const parameters: Record<string, string> = {};
  for (const value of values) {
    const at = value.indexOf("=");
    if (at <= 0) throw usageError(`argument --parameter: expected NAME=VALUE, got '${value}'`);
    parameters[value.slice(0, at)] = value.slice(at + 1);
  }
  return parameters;
}

function refuse(problems: string[], io: CommandContext["io"], what: string): void {
  if (!problems.length) return;
  for (const problem of problems) io.stderr(`${problem}\n`);
  throw new CliError(`${problems.length} problem${problems.length === 1 ? "" : "s"}: ${what}`, EXIT.usage);
}
