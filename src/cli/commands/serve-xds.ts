/**
 * `mesh serve`'s xDS flags: `--xds-port N` (TCP, on --host), `--xds-tls-cert FILE --xds-tls-key FILE`
 * (TLS on that port) and `--xds-socket PATH` (a Unix socket); `--xds-secrets DIR`, the PEM files of the
 * ACM certificates and CAs that Envoy asks for as Secrets. With a transport, `mesh serve` is also
 * the control plane of Envoy sidecars and proxyless gRPC clients, and answers `GET /xds/proxies`
 * (what `mesh proxy-status` shows). Nothing of gRPC is loaded without them.
 */
import { existsSync, statSync } from "node:fs";
import { resolve } from "node:path";
import type { Command } from "commander";
import type { XdsServer } from "../../dataplane/xds/ads-server.js";
import { PROXY_STATUS_PATH } from "../../dataplane/xds/status.js";
import type { WireRequest, WireResponse } from "../../emulator/server/protocol.js";
import { CliError, EXIT, usageError } from "../errors.js";
import { loadXds } from "./xds.js";

export interface XdsFlags {
  xdsPort?: string;
  xdsSocket?: string;
  xdsTlsCert?: string;
  xdsTlsKey?: string;
  xdsSecrets?: string;
}

export const XDS_HELP = `          [--xds-port <value>]    serve xDS (ADS v3) to Envoy and gRPC clients on this TCP port
          [--xds-tls-cert <value>] [--xds-tls-key <value>]
                                  PEM files: TLS on the xDS port (what the App Mesh Envoy image needs)
          [--xds-socket <value>]  serve xDS on this Unix socket too (APPMESH_XDS_ENDPOINT=unix://…)
          [--xds-secrets <value>] a folder of PEM files sent as the ACM certificates (<id>.pem,
                                  <id>.key) and ACM private CAs (<id>.pem) that specs name by ARN`;

export function defineXdsOptions(command: Command): void {
  command
    .option("--xds-port <port>", "serve xDS (ADS v3) on this TCP port")
    .option("--xds-socket <path>", "serve xDS on this Unix socket")
    .option("--xds-tls-cert <file>", "TLS certificate chain (PEM) for the xDS port")
    .option("--xds-tls-key <file>", "TLS private key (PEM) for the xDS port")
    .option("--xds-secrets <dir>", "PEM files of the ACM certificates and CAs specs name, sent as Secrets");
}

export interface XdsSettings {
  port?: number;
  socket?: string;
  tls?: { cert: string; key: string };
  /** The secrets folder, absolute. */
  secrets?: string;
}

/** The xDS transports asked for, checked; undefined when xDS is off. */
export function xdsSettings(
  flags: XdsFlags,
  parsePort: (value: string, flag: string) => number,
): XdsSettings | undefined {
  const { xdsPort, xdsSocket, xdsTlsCert, xdsTlsKey, xdsSecrets } = flags;
  if ((xdsTlsCert === undefined) !== (xdsTlsKey === undefined)) {
    throw usageError("argument --xds-tls-cert: --xds-tls-cert and --xds-tls-key go together");
  }
  if (xdsTlsCert !== undefined && xdsPort === undefined) {
    throw usageError("argument --xds-tls-cert: TLS is served on the xDS port: give --xds-port too");
  }
  for (const [flag, file] of [
    ["--xds-tls-cert", xdsTlsCert],
    ["--xds-tls-key", xdsTlsKey],
  ] as const) {
    if (file !== undefined && !existsSync(file)) throw usageError(`argument ${flag}: no such file: '${file}'`);
  }
  if (xdsSecrets !== undefined) {
    if (xdsPort === undefined && xdsSocket === undefined)
      throw usageError("argument --xds-secrets: secrets are served over xDS: give --xds-port or --xds-socket too");
    if (!statSync(xdsSecrets, { throwIfNoEntry: false })?.isDirectory())
      throw usageError(`argument --xds-secrets: no such directory: '${xdsSecrets}'`);
  }
  if (xdsPort === undefined && xdsSocket === undefined) return undefined;
  return {
    ...(xdsPort === undefined ? {} : { port: parsePort(xdsPort, "--xds-port") }),
    ...(xdsSocket === undefined ? {} : { socket: xdsSocket }),
    ...(xdsTlsCert && xdsTlsKey ? { tls: { cert: xdsTlsCert, key: xdsTlsKey } } : {}),
    ...(xdsSecrets === undefined ? {} : { secrets: resolve(xdsSecrets) }),
  };
}

export interface XdsRun {
  server: XdsServer;
  close(): Promise<void>;
}

export async function startXds(
  settings: XdsSettings,
  common: {
    stateDir: string;
    host: string;
    account: string;
    region: string;
    credentials?: ReadonlyMap<string, string>;
    log: (line: string) => void;
  },
): Promise<XdsRun> {
  const { openState, startXdsServer } = await loadXds();
  const state = openState({ stateDir: common.stateDir });
  try {
    const { host, account, region, credentials, log } = common;
    const server = await startXdsServer({
      host,
      account,
      region,
      log,
      ...(credentials ? { credentials } : {}),
      ...settings,
      state,
    });
    return {
      server,
      close: async () => {
        await server.close();
        state.close();
      },
    };
  } catch (error) {
    state.close();
    const where = settings.port !== undefined ? `${common.host}:${settings.port}` : settings.socket;
    throw new CliError(`mesh serve: cannot serve xDS on ${where}: ${(error as Error).message}`, EXIT.general);
  }
}

/** `GET /xds/proxies`: the connected proxies, as JSON. */
export function xdsAdmin(server: XdsServer): (request: WireRequest) => WireResponse | undefined {
  return (request) => {
    if (request.path !== PROXY_STATUS_PATH || request.method !== "GET") return undefined;
    return {
      status: 200,
      headers: { "content-type": "application/json" },
      body: `${JSON.stringify({ proxies: server.proxies() })}\n`,
    };
  };
}
