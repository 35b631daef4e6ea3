/**
 * `mesh serve [--port N] [--host H] [--region R] [--verify-sigv4]`: the App Mesh API (rest-json) and
 * Cloud Map's (JSON 1.1) over HTTP, so SDK code, boto3 scripts and `aws appmesh --endpoint-url` run
 * unchanged against the local emulators, on the same state as the CLI. Prints its URL once listening
 * and serves until SIGINT or SIGTERM, then stops accepting, finishes the requests in flight, closes
 * the state and exits 0.
 *
 * Requests may be signed or not; the region is the signature's, else `--region` / AWS_REGION. With
 * `--verify-sigv4`, every request must be signed with a key in MESH_SERVE_CREDENTIALS
 * (`ACCESS_KEY_ID:SECRET_ACCESS_KEY[,...]`; from the environment, so secrets stay out of `ps`).
 */
import { CliError, configError, EXIT, unknownOptionsError, usageError } from "../errors.js";
import { localAccount, localRegion, stateDir } from "../global-options.js";
import { stopSignal } from "../stop-signal.js";
import type { ExtraCommand } from "./command.js";
import { defineXdsOptions, startXds, XDS_HELP, type XdsFlags, xdsAdmin, xdsSettings } from "./serve-xds.js";

const DEFAULT_PORT = "4566";

const SERVE_HELP = `NAME
       serve - the App Mesh and Cloud Map APIs over HTTP, on the local state

SYNOPSIS
            serve
          [--port <value>]        TCP port (default ${DEFAULT_PORT}; 0 picks a free one)
          [--host <value>]        address to bind (default 127.0.0.1; anything else exposes the API)
          [--verify-sigv4]        refuse requests not signed with a key in MESH_SERVE_CREDENTIALS
          [--region <value>]      the region of unsigned requests (signed ones carry their own)
${XDS_HELP}

DESCRIPTION
       Serves App Mesh (rest-json, /v20190125/...) and Cloud Map (JSON 1.1) on the state directory the
       CLI uses (MESH_STATE_DIR), so SDK code, boto3 and aws --endpoint-url run against the emulator.
       Prints its URL once listening; SIGINT or SIGTERM stops it after the requests in flight.
       MESH_SERVE_CREDENTIALS=ACCESS_KEY_ID:SECRET[,...] lists the keys --verify-sigv4 accepts.
       With --xds-port or --xds-socket it is also the xDS control plane of Envoy sidecars (the App Mesh
       Envoy image unmodified) and proxyless gRPC clients; mesh proxy-status lists them.
`;

interface ServeOptions extends XdsFlags {
  port: string;
  host: string;
  verifySigv4?: boolean;
}

export const serveCommand: ExtraCommand = {
  name: "serve",
  summary: "serve the App Mesh (and Cloud Map) API over HTTP for SDKs, boto3 and aws --endpoint-url",
  define(command, context) {
    command
      .option("--port <port>", "TCP port; 0 picks a free one", DEFAULT_PORT)
      .option("--host <host>", "address to bind; anything but loopback exposes the API", "127.0.0.1")
      .option("--verify-sigv4", "refuse requests not signed with a key in MESH_SERVE_CREDENTIALS");
    defineXdsOptions(command);
    command.action(async (options: ServeOptions) => {
      const { io } = context;
      if (command.args.at(-1) === "help") return io.stdout(SERVE_HELP);
      if (command.args.length) throw unknownOptionsError(command.args);
      const { startServer } = await import("../../emulator/server/server.js");
      const settings = {
        stateDir: stateDir(io.env),
        host: options.host,
        port: parsePort(options.port),
        account: localAccount(io.env),
        region: localRegion(context.globals(), io.env),
        credentials: options.verifySigv4 ? parseCredentials(io.env.MESH_SERVE_CREDENTIALS) : undefined,
        log: (line: string) => io.stderr(`${line}\n`),
      };
      const xdsWanted = xdsSettings(options, (value, flag) => parsePort(value, flag));
      const xds = xdsWanted && (await startXds(xdsWanted, settings));
      const server = await startServer({ ...settings, ...(xds ? { admin: xdsAdmin(xds.server) } : {}) }).catch(
        async (error: NodeJS.ErrnoException) => {
          await xds?.close();
          if (error.syscall !== "listen") throw error;
          const message = `mesh serve: cannot listen on ${settings.host}:${settings.port}: ${error.message}`;
          throw new CliError(message, EXIT.general);
        },
      );
      const warning = exposureWarning(settings.host, options.verifySigv4 === true);
      if (warning) io.stderr(`${warning}\n`);
      const stopped = stopSignal();
      io.stdout(`mesh serve: listening on ${server.url}\n`);
      for (const address of xds?.server.addresses ?? []) io.stdout(`mesh serve: xDS on ${address}\n`);
      await stopped;
      await Promise.all([server.close(), xds?.close()]);
    });
  },
};

/** The warning for a server that anyone on the network may use: bound beyond loopback, taking any request. */
export function exposureWarning(host: string, verifying: boolean): string | undefined {
  const loopback = host === "localhost" || host === "::1" || /^127\.\d+\.\d+\.\d+$/.test(host);
  if (loopback || verifying) return undefined;
  return `mesh serve: warning: listening on ${host} without --verify-sigv4: anyone who can reach it can read and change the state`;
}

function parsePort(value: string, flag = "--port"): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) throw usageError(`argument ${flag}: invalid port: '${value}'`);
  return port;
}

/** `AKID:SECRET,AKID2:SECRET2` → secret by access key id. */
function parseCredentials(value: string | undefined): Map<string, string> {
  const pairs = (value ?? "").split(",").map((pair) => {
    const at = pair.indexOf(":");
    return at < 0 ? (["", ""] as const) : ([pair.slice(0, at).trim(), pair.slice(at + 1).trim()] as const);
  });
  if (pairs.some(([id, secret]) => !id || !secret)) {
    throw configError("--verify-sigv4 needs MESH_SERVE_CREDENTIALS=ACCESS_KEY_ID:SECRET_ACCESS_KEY[,...]");
  }
  return new Map(pairs);
}
