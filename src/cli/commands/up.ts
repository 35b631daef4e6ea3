/**
 * `mesh up`: runs the sidecars of the mesh(es) in the foreground (see src/dataplane/up/), on the local
 * state, until SIGINT or SIGTERM, then drains and exits 0. Prints the listeners as a table, or with
 * `--output json` one JSON line (and nothing else on stdout) each time the set of listeners changes.
 */
import { appendFileSync } from "node:fs";
import type { Command } from "commander";
import type { ListenerEntry, MeshSource } from "../../dataplane/entry.js";
import type { LogSink } from "../../dataplane/proxy/access-log.js";
import { CliError, EXIT, unknownOptionsError, usageError } from "../errors.js";
import { localAccount, localRegion, stateDir } from "../global-options.js";
import { stopSignal } from "../stop-signal.js";
import type { CommandContext, ExtraCommand } from "./command.js";
import { loadDataplane } from "./dataplane.js";

const UP_HELP = `NAME
       up - run the mesh's sidecars locally and route real traffic as App Mesh's Envoy did

SYNOPSIS
            up
          [--mesh-name <value>]...   the meshes to run (default: every mesh of the account and region)
          [--endpoint <value>]...    [MESH/]NODE[:PORT]=HOST:PORT: where a node's application listens
          [--host <value>]           address to bind (default 127.0.0.1)
          [--base-port <value>]      bind ports from here on instead of ports the system picks
          [--access-log <value>]     log every sidecar's requests there (- for stderr), Envoy's
                                     default format plus the mesh object that decided local replies

DESCRIPTION
       Each virtual node gets an egress listener (send the application's outbound calls there, with the
       virtual service in Host, or set HTTP_PROXY to it), one ingress listener in front of each endpoint
       of each of its listeners, and an admin listener (Envoy's /ready, /server_info, /stats,
       /clusters, /listeners, /config_dump). Endpoints come from the node's service discovery (DNS, or
       Cloud Map instances in the local state) unless --endpoint says otherwise. Changes to the mesh
       reach the sidecars within a second. SIGINT or SIGTERM drains them and exits 0.
       With --output json, prints {"listeners":[...]} once everything is bound and again whenever the
       set of listeners changes, and nothing else on stdout.
`;

interface UpFlags {
  meshName?: string[];
  endpoint?: string[];
  host: string;
  basePort?: string;
  accessLog?: string;
}

export const upCommand: ExtraCommand = {
  name: "up",
  summary: "run the mesh's sidecars locally: real traffic routed as App Mesh's Envoy did",
  define(command: Command, context: CommandContext): void {
    command
      .option("--mesh-name <name...>")
      .option("--endpoint <spec...>")
      .option("--host <host>", "address to bind", "127.0.0.1")
      .option("--base-port <port>")
      .option("--access-log <path>")
      .action(async (flags: UpFlags, self: Command) => runUp(flags, self.args, context));
  },
};

async function runUp(flags: UpFlags, extra: string[], context: CommandContext): Promise<void> {
  const { io } = context;
  if (extra.at(-1) === "help") return io.stdout(UP_HELP);
  if (extra.length) throw unknownOptionsError(extra);
  const json = context.globals().output === "json";
  const basePort = flags.basePort === undefined ? undefined : parsePort(flags.basePort);
  const dataplane = await loadDataplane();
  const endpoints = (flags.endpoint ?? []).map((value) => {
    try {
      return dataplane.parseEndpointOverride(value);
    } catch (error) {
      throw usageError(`argument --endpoint: ${(error as Error).message}`);
    }
  });
  const { openState } = await import("../../emulator/open.js");
  const state = openState({ stateDir: stateDir(io.env) });
  const scope = { account: localAccount(io.env), region: localRegion(context.globals(), io.env) };
  const source: MeshSource = {
    meshes: () => state.meshes(scope),
    snapshot: (mesh) => state.snapshot(scope, mesh),
    instances: (namespace, service, attributes) => state.cloudMap(scope).endpoints(namespace, service, attributes),
    watch: (onChange) => state.watch(onChange),
  };
  const up = new dataplane.MeshUp({
    source,
    meshes: flags.meshName ?? [],
    host: flags.host,
    ...(basePort === undefined ? {} : { basePort }),
    endpoints,
    logSink: logSink(io, json),
    ...(flags.accessLog === undefined ? {} : { accessLog: flags.accessLog }),
    warn: (message) => io.stderr(`${message}\n`),
    onListeners: (listeners) => io.stdout(json ? `${JSON.stringify({ listeners })}\n` : table(listeners)),
  });
  // Listening for the signal before anything is printed: a script may send it as soon as it reads a line.
  const stopped = stopSignal();
  try {
    await up.start();
  } catch (error) {
    await up.stop();
    state.close();
    if ((error as { code?: string }).code === "NotFoundException") throw error;
    throw new CliError(`mesh up: ${(error as Error).message}`, EXIT.general);
  }
  const sidecars = up.proxies().size;
  if (!json) io.stderr(`mesh up: ${sidecars} sidecar${sidecars === 1 ? "" : "s"} running; Ctrl-C stops them\n`);
  await stopped;
  await up.stop();
  state.close();
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port < 1 || port > 65535)
    throw usageError(`argument --base-port: invalid port: '${value}'`);
  return port;
}

/**
 * Where access logs go: `/dev/stdout` is this process's stdout (stderr with --output json, whose
 * stdout is for the listener lines), `/dev/stderr` and `-` stderr, any other path a file appended to.
 */
function logSink(io: CommandContext["io"], json: boolean): LogSink {
  return (path, line) => {
    if (path === "/dev/stdout") (json ? io.stderr : io.stdout)(line);
    else if (path === "/dev/stderr" || path === "-") io.stderr(line);
    else appendFileSync(path, line);
  };
}

function table(listeners: ListenerEntry[]): string {
  const rows = [
    ["ROLE", "MESH", "PROXY", "MESH PORT", "ENDPOINT", "LOCAL ADDRESS"],
    ...listeners.map((l) => [
      l.role,
      l.mesh,
      l.virtualNode ?? `gateway ${l.virtualGateway}`,
      l.port === null ? "-" : String(l.port),
      l.endpoint ?? l.virtualService ?? "-",
      l.address,
    ]),
  ];
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((row) => (row[i] as string).length))) ?? [];
  return `${rows
    .map((row) =>
      row
        .map((cell, i) => cell.padEnd(widths[i] ?? 0))
        .join("  ")
        .trimEnd(),
    )
    .join("\n")}\n`;
}
