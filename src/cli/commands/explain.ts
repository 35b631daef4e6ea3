/**
 * `mesh explain URL --virtual-node N (--mesh-name M | --from DIR) [-X METHOD] [-H 'name: value']...`:
 * what that node's proxy would do with the request, without traffic (see src/dataplane/explain/).
 */
import type { Command } from "commander";
import type { Decision } from "../../dataplane/explain/explain.js";
import { unknownOptionsError, usageError } from "../errors.js";
import type { CommandContext, ExtraCommand } from "./command.js";
import { loadDataplane } from "./dataplane.js";
import { loadMeshSnapshot, type SnapshotFlags } from "./mesh-snapshot.js";

const EXPLAIN_HELP = `NAME
       explain - the decision a virtual node's proxy would make for a request, without traffic

SYNOPSIS
            explain <url>
          --virtual-node <value>     the node whose proxy routes the request
          [--mesh-name <value>]      the mesh, from the selected backend
          [--from <path>...]         or mesh validate documents, offline
          [-X, --method <value>]     default GET
          [-H, --header <value>...]  'name: value'

DESCRIPTION
       Prints the virtual service, the route and why it won (the routes before it and why they did
       not match), its targets with their weights and Envoy cluster names, its timeout and retry
       policy; or the proxy's own reply (404 NR…) and the mesh object that decided it. The proxy and
       mesh route-check use the same routing code. --output json prints the decision as JSON.
`;

interface ExplainFlags extends SnapshotFlags {
  virtualNode?: string;
  method?: string;
  header?: string[];
}

export const explainCommand: ExtraCommand = {
  name: "explain",
  summary: "the decision a node's proxy would make for a request: service, route and why, targets, or its local reply",
  define(command: Command, context: CommandContext): void {
    command
      .argument("[url]")
      .option("--mesh-name <value>")
      .option("--from <path...>")
      .option("--virtual-node <value>")
      .option("-X, --method <value>")
      .option("-H, --header <value...>")
      .action(async (url: string | undefined, flags: ExplainFlags, self: Command) => {
        const { io } = context;
        const extra = self.args.slice(1);
        if (url === "help" || extra.at(-1) === "help") return io.stdout(EXPLAIN_HELP);
        if (extra.length) throw unknownOptionsError(extra);
        if (url === undefined) throw usageError("the following arguments are required: url");
        if (flags.virtualNode === undefined) throw usageError("the following arguments are required: --virtual-node");
        const headers = Object.fromEntries((flags.header ?? []).map(parseHeader));
        const snapshot = await loadMeshSnapshot(flags, context);
        const { explain, ExplainError } = await loadDataplane();
        try {
          const decision = explain(snapshot, flags.virtualNode, {
            method: (flags.method ?? "GET").toUpperCase(),
            url,
            headers,
          });
          io.stdout(
            context.globals().output === "json" ? `${JSON.stringify(decision, null, 2)}\n` : describe(decision),
          );
        } catch (error) {
          if (error instanceof ExplainError) throw usageError(error.message);
          throw error;
        }
      });
  },
};

function parseHeader(value: string): [string, string] {
  const at = value.indexOf(":");
  if (at <= 0) throw usageError(`argument -H/--header: expected 'name: value', got '${value}'`);
  return [value.slice(0, at).trim().toLowerCase(), value.slice(at + 1).trim()];
}

/** The decision in a few lines a person reads top to bottom. */
export function describe(decision: Decision): string {
  const lines: string[] = [];
  const skipped = decision.skipped.map((s) => `    ${s.route}: ${s.why}`);
  if (decision.kind === "route") {
    lines.push(`virtual service  ${decision.virtualService} (${decision.provider})`);
    lines.push(
      `route            ${decision.route} (${decision.object}), route ${decision.position} in order: ${decision.match}`,
    );
    if (skipped.length) lines.push("  routes before it that did not match:", ...skipped);
    lines.push("targets");
    for (const t of decision.targets) {
      lines.push(`    ${t.virtualNode}${t.port === undefined ? "" : `:${t.port}`}  weight ${t.weight}  (${t.cluster})`);
    }
    lines.push(`timeout          ${decision.timeout}`);
    lines.push(`retries          ${decision.retryPolicy}`);
    lines.push(`envoy            route configuration ${decision.routeConfiguration}`);
  } else if (decision.kind === "passthrough") {
    lines.push(`passthrough      to ${decision.destination}, decided by ${decision.decidedBy}`);
  } else {
    lines.push(`local reply      ${decision.status} ${decision.flags}, decided by ${decision.decidedBy}`);
    if (skipped.length) lines.push("  routes that did not match:", ...skipped);
  }
  return `${lines.join("\n")}\n`;
}
