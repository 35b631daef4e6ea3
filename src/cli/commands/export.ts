/**
 * `mesh export --mesh-name m --to TARGET`: the mesh (from any backend, or `--from` documents in any form
 * `mesh import` reads) as another system's configuration (see src/migrate/export/targets.ts), printed
 * as YAML or written under --out DIR, with its feature-gap report on stderr (and in DIR/gaps.json):
 * every App Mesh field in use that the target cannot express, or expresses differently, with the
 * resource, the path and what the export did instead. With --strict, any gap fails the export (exit 1)
 * and nothing is written.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { EXPORT_TARGETS, exportTarget } from "../../migrate/export/targets.js";
import { invalidChoiceMessage } from "../choices.js";
import { unknownOptionsError, usageError } from "../errors.js";
import { formatJson } from "../output/format.js";
import type { CommandContext, ExtraCommand } from "./command.js";
import { loadMeshSnapshot, type SnapshotFlags } from "./mesh-snapshot.js";
import { loadMigrate } from "./migrate.js";
import { PROBLEMS_FOUND } from "./validate.js";

const TARGETS = EXPORT_TARGETS.map((target) => target.name);

const EXPORT_HELP = `NAME
       export - write a mesh as Envoy, Istio, Gateway API, ECS Service Connect or VPC Lattice configuration

SYNOPSIS
            export
          --mesh-name <value> | --from <path> [<path> ...]
          --to ${TARGETS.join("|")}
          [--namespace <value>]   Kubernetes namespace of the objects (default: the mesh's name)
          [--out <dir>]           write the files and gaps.json there instead of printing
          [--strict]              any feature gap fails the export (exit 1) and nothing is written
          [--output yaml|json]

DESCRIPTION
       Reads the mesh from the selected backend (or offline, --from documents, templates, manifests,
       Terraform or AWS CLI output) and writes it as the target's configuration. Every App Mesh field in
       use that the target cannot express, or expresses differently, is reported on stderr with its
       resource, its path and what the export did instead.
`;

interface ExportFlags extends SnapshotFlags {
  to?: string;
  namespace?: string;
  out?: string;
  strict?: boolean;
}

export const exportCommand: ExtraCommand = {
  name: "export",
  summary: "write a mesh as Envoy, Istio, Gateway API, ECS Service Connect or VPC Lattice configuration, with its gaps",
  define(command, context) {
    command
      .option("--mesh-name <value>")
      .option("--from <path...>")
      .option("--to <target>")
      .option("--namespace <value>")
      .option("--out <dir>")
      .option("--strict")
      .action(async (flags: ExportFlags, self) => runExport(flags, self.args, context));
  },
};

async function runExport(flags: ExportFlags, extra: string[], context: CommandContext): Promise<void> {
  const { io } = context;
  if (extra.at(-1) === "help") return io.stdout(EXPORT_HELP);
  if (extra.length) throw unknownOptionsError(extra);
  if (flags.to === undefined) throw usageError("the following arguments are required: --to");
  const target = exportTarget(flags.to);
  if (!target) throw usageError(invalidChoiceMessage("--to", flags.to, TARGETS));
  const output = context.globals().output ?? "yaml";
  if (output !== "yaml" && output !== "json")
    throw usageError(invalidChoiceMessage("--output", output, ["yaml", "json"]));
  const snapshot = await loadMeshSnapshot(flags, context);
  const { EXPORTERS, labelName } = await loadMigrate();
  const exporter = EXPORTERS[target.name];
  const result = exporter(snapshot, { namespace: flags.namespace ?? labelName(snapshot.mesh) });
  for (const gap of result.gaps)
    io.stderr(`gap: ${gap.resource}: ${gap.path}: ${gap.detail}; instead: ${gap.instead}\n`);
  if (result.gaps.length)
    io.stderr(`${result.gaps.length} feature gap${result.gaps.length === 1 ? "" : "s"} for ${target.name}\n`);
  if (flags.strict && result.gaps.length) return context.exit(PROBLEMS_FOUND);
  const { stringify } = await import("yaml");
  const text = (documents: unknown[]) =>
    output === "json"
      ? formatJson(documents.length === 1 ? documents[0] : documents)
      : documents.map((doc) => `---\n${stringify(doc, { lineWidth: 0 })}`).join("");
  if (flags.out) {
    const dir = resolve(io.cwd, flags.out);
    mkdirSync(dir, { recursive: true });
    const extension = output === "json" ? ".json" : "";
    for (const file of result.files) {
      const path = join(dir, file.name.replace(/\.yaml$/, "") + (extension || ".yaml"));
      writeFileSync(path, text(file.documents));
      io.stdout(`${relative(io.cwd, path)}\n`);
    }
    writeFileSync(join(dir, "gaps.json"), formatJson(result.gaps));
    io.stdout(`${relative(io.cwd, join(dir, "gaps.json"))}\n`);
    return;
  }
  io.stdout(text(result.files.flatMap((file) => file.documents)));
}
