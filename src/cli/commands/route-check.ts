/**
 * `mesh route-check FILE (--mesh-name M | --from DIR)`: runs a table of requests and the outcomes
 * they should have (see src/dataplane/explain/route-check.ts) and exits 1 when any differs: routing
 * tests in CI, before anything is applied.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { Command } from "commander";
import { CliError, EXIT, unknownOptionsError, usageError } from "../errors.js";
import type { CommandContext, ExtraCommand } from "./command.js";
import { loadDataplane } from "./dataplane.js";
import { loadMeshSnapshot, type SnapshotFlags } from "./mesh-snapshot.js";
import { loadMigrate } from "./migrate.js";
import { checkAgainst, otherSystem } from "./route-check-against.js";

interface RouteCheckFlags extends SnapshotFlags {
  against?: string;
  export?: string[];
}

const ROUTE_CHECK_HELP = `NAME
       route-check - check a table of requests against the routing of a mesh

SYNOPSIS
            route-check <file>
          [--mesh-name <value>]   the mesh, from the selected backend (or the table's mesh:)
          [--from <path>...]      or mesh validate documents, offline
          [--against <value>]     istio | gateway-api: check that this system routes each request
                                  the same as App Mesh (the mesh exported now, or --export files)
          [--export <path>...]    the exported files to check, as written (with --against)

DESCRIPTION
       The file (YAML or JSON) lists requests and what should happen to them:

         from: caller
         tests:
           - name: beta users reach v2
             request: { url: "http://colors.local:8080/", headers: { x-beta-user: "true" } }
             expect: { route: beta, targets: { colors-v2: 100 } }

       expect may name virtualService, route, virtualNode, targets, status, flags and passthrough.
       Prints one line per test and exits 1 if any test fails (--output json: the results as JSON).
`;

export const routeCheckCommand: ExtraCommand = {
  name: "route-check",
  summary: "check a table of requests and expected outcomes against a mesh's routing (CI, before apply)",
  define(command: Command, context: CommandContext): void {
    command
      .argument("[file]")
      .option("--mesh-name <value>")
      .option("--from <path...>")
      .option("--against <system>")
      .option("--export <path...>")
      .action(async (file: string | undefined, flags: RouteCheckFlags, self: Command) => {
        const { io } = context;
        const extra = self.args.slice(1);
        if (file === "help" || extra.at(-1) === "help") return io.stdout(ROUTE_CHECK_HELP);
        if (extra.length) throw unknownOptionsError(extra);
        if (file === undefined) throw usageError("the following arguments are required: file");
        const against = flags.against === undefined ? undefined : checkAgainst(flags.against);
        if (flags.export && !against) throw usageError("argument --export: needs --against");
        const dataplane = await loadDataplane();
        let table: ReturnType<typeof dataplane.parseTable>;
        try {
          table = dataplane.parseTable(await readTable(resolve(io.cwd, file), file), against ? "optional" : "required");
        } catch (error) {
          if (error instanceof dataplane.RouteCheckTableError)
            throw new CliError(`${file}: ${error.message}`, EXIT.usage);
          throw error;
        }
        const meshName = flags.meshName ?? table.mesh;
        const snapshot = await loadMeshSnapshot({ ...flags, ...(meshName === undefined ? {} : { meshName }) }, context);
        const other = against ? await otherSystem(against, snapshot, flags.export, io.cwd) : undefined;
        // Migration's code is loaded only to compare with another system.
        const migrate = other ? await loadMigrate() : undefined;
        const results = table.cases.map((test) => {
          try {
            const result = dataplane.runCase(snapshot, test);
            if (!other || !against || !migrate) return result;
            const { differences, objectName } = migrate;
            const mine = dataplane.appMeshAnswer(snapshot, test.from, test.request);
            const gateway = test.from.kind === "virtualGateway" ? { gateway: objectName(test.from.name) } : {};
            const theirs = other({ ...test.request, ...gateway });
            const found = differences(mine, theirs).map((difference) => `${against}: ${difference}`);
            const mismatches = [...result.mismatches, ...found];
            return { ...result, ok: mismatches.length === 0, mismatches, [against]: theirs };
          } catch (error) {
            if (error instanceof dataplane.ExplainError)
              throw new CliError(`${file}: ${test.name}: ${error.message}`, EXIT.usage);
            throw error;
          }
        });
        const failed = results.filter((result) => !result.ok);
        if (context.globals().output === "json") {
          io.stdout(
            `${JSON.stringify({ passed: results.length - failed.length, failed: failed.length, results }, null, 2)}\n`,
          );
        } else {
          for (const result of results) {
            io.stdout(`${result.ok ? "ok  " : "FAIL"}  ${result.name}\n`);
            for (const mismatch of result.mismatches) io.stdout(`        ${mismatch}\n`);
          }
          io.stdout(`${results.length - failed.length} passed, ${failed.length} failed\n`);
        }
        if (failed.length) context.exit(1);
      });
  },
};

/** The table at `path`, JSON or YAML; `name` is how messages call it (as the user wrote it). */
async function readTable(path: string, name: string): Promise<unknown> {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw usageError(
      `argument file: cannot read ${name}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
  if (/\.json$/i.test(path)) {
    try {
      return JSON.parse(text);
    } catch (error) {
      throw new CliError(`${name}: invalid JSON: ${(error as Error).message}`, EXIT.usage);
    }
  }
  const { parse } = await import("yaml");
  try {
    return parse(text);
  } catch (error) {
    throw new CliError(`${name}: invalid YAML: ${(error as Error).message.split("\n")[0]}`, EXIT.usage);
  }
}
