/**
 * `mesh delete-mesh --mesh-name m --cascade [--dry-run]`: deletes everything in the mesh, then the
 * mesh, on any backend (see src/migrate/cascade/); with --dry-run, prints the plan and writes nothing.
 * One line per resource on stdout as it goes. A failure midway names what is left (exit 254 for a
 * service error); running the command again finishes the job.
 */
import { unknownOptionsError, usageError } from "../errors.js";
import { loadMigrate } from "./migrate.js";
import type { OperationExtension } from "./operation-extension.js";

export const deleteMeshCascade: OperationExtension = {
  operation: "delete-mesh",
  flags: ["--cascade", "--dry-run"],
  help: `       --cascade (boolean)
          mesh's own: first delete everything in the mesh, in the order App Mesh requires (gateway
          routes, virtual gateways, routes, virtual services, virtual routers, virtual nodes), then the
          mesh. Running it again after a failure finishes the job.

       --dry-run (boolean)
          With --cascade: print what would be deleted, in order, and delete nothing.
`,
  applies: (values) => values.cascade === true || values.dryRun === true,
  async run(values, extra, context) {
    if (extra.length) throw unknownOptionsError(extra);
    if (values.cascade !== true) throw usageError("argument --dry-run: only with --cascade");
    if (typeof values.meshName !== "string") throw usageError("the following arguments are required: --mesh-name");
    const { io } = context;
    const { CascadeError, deleteAll, deletionPlan } = await loadMigrate();
    const backend = context.backend();
    const plan = await deletionPlan(backend, values.meshName);
    const line = (verb: string) => (item: (typeof plan)[0]) => io.stdout(`${verb} ${item.kind.label} ${item.label}\n`);
    if (values.dryRun === true) {
      plan.forEach(line("would delete"));
      io.stderr(`${plan.length} resources would be deleted (dry run: nothing was)\n`);
      return;
    }
    try {
      await deleteAll(backend, plan, line("deleted"));
    } catch (error) {
      if (!(error instanceof CascadeError)) throw error;
      const left = error.left.map((item) => `  ${item.kind.label} ${item.label}`).join("\n");
      io.stderr(`delete-mesh --cascade stopped; ${error.left.length} resources are left:\n${left}\n`);
      io.stderr("Run the command again to finish.\n");
      throw error.failure;
    }
  },
};
