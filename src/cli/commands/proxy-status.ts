/**
 * `mesh proxy-status --endpoint-url URL`: the proxies connected to that `mesh serve`'s xDS server, as
 * `istioctl proxy-status` lists them: node id, mesh object, client, per type SYNCED / STALE / NACKED /
 * NOT SENT, connected since; then the versions and errors of every type not in sync. `--output json`
 * prints the server's own answer. The request is unsigned, and signed with the SDK's credential chain
 * when the server asks for signatures (`mesh serve --verify-sigv4`).
 */
import type { ProxyStatus } from "../../dataplane/xds/status.js";
import { PROXY_STATUS_PATH, syncState } from "../../dataplane/xds/status.js";
import { CliError, EXIT, unknownOptionsError, usageError } from "../errors.js";
import type { CommandContext, ExtraCommand } from "./command.js";

const HELP = `NAME
       proxy-status - the Envoy sidecars and gRPC clients connected to a mesh serve, and their sync state

SYNOPSIS
            proxy-status
          --endpoint-url <value>   the mesh serve (its HTTP URL, e.g. http://127.0.0.1:4566)
          [--output json|text|table]

DESCRIPTION
       For each connected proxy: its node id, the mesh object it is, its client (envoy or grpc), and
       for each xDS type (CDS, EDS, LDS, RDS, SDS) SYNCED (the current version is ACKed), STALE (sent
       or changed, not ACKed yet), NACKED (the proxy rejected it: the error follows) or NOT SENT, and
       since when it is connected. The same data is at GET <endpoint-url>/xds/proxies.
`;

const TYPES = ["CDS", "EDS", "LDS", "RDS", "SDS"];

export const proxyStatusCommand: ExtraCommand = {
  name: "proxy-status",
  summary: "list the Envoy sidecars and gRPC clients connected to a mesh serve, with their xDS sync state",
  define(command, context) {
    command.action(async () => {
      const { io } = context;
      if (command.args.at(-1) === "help") return io.stdout(HELP);
      if (command.args.length) throw unknownOptionsError(command.args);
      const endpoint = context.globals().endpointUrl;
      if (!endpoint) throw usageError("argument --endpoint-url: required: the URL of a mesh serve");
      const proxies = await fetchStatus(endpoint, context);
      if (context.output() === "json") return io.stdout(`${JSON.stringify({ proxies }, null, 4)}\n`);
      io.stdout(render(proxies));
    });
  },
};

async function fetchStatus(endpoint: string, context: CommandContext): Promise<ProxyStatus[]> {
  let url: URL;
  try {
    url = new URL(PROXY_STATUS_PATH, endpoint);
  } catch {
    throw usageError(`argument --endpoint-url: not a URL: '${endpoint}'`);
  }
  let response = await get(url, {});
  if (response.status === 403) response = await get(url, await signedHeaders(url, context));
  const text = await response.text();
  if (response.status === 404) {
    throw new CliError(
      `${endpoint} serves no xDS status: is it a mesh serve with --xds-port or --xds-socket?`,
      EXIT.general,
    );
  }
  if (!response.ok) throw new CliError(`${url}: HTTP ${response.status}: ${text.trim()}`, EXIT.service);
  return (JSON.parse(text) as { proxies: ProxyStatus[] }).proxies;
}

async function get(url: URL, headers: Record<string, string>): Promise<Response> {
  try {
    return await fetch(url, { headers, signal: AbortSignal.timeout(30_000) });
  } catch (error) {
    throw new CliError(`Could not connect to the endpoint URL: "${url}" (${(error as Error).message})`, EXIT.general);
  }
}

/** SigV4 headers for a GET, with the credentials and region the AWS CLI would use. */
async function signedHeaders(url: URL, context: CommandContext): Promise<Record<string, string>> {
  const globals = context.globals();
  const env = context.io.env;
  const [{ AppMeshClient }, { SignatureV4 }] = await Promise.all([
    import("@aws-sdk/client-app-mesh"),
    import("@smithy/signature-v4"),
  ]);
  const region = globals.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? "us-east-1";
  const client = new AppMeshClient({ region, ...(globals.profile ? { profile: globals.profile } : {}) });
  try {
    const signer = new SignatureV4({
      credentials: client.config.credentials,
      region,
      service: "appmesh",
      sha256: client.config.sha256,
    });
    const signed = await signer.sign({
      method: "GET",
      protocol: url.protocol,
      hostname: url.hostname,
      ...(url.port ? { port: Number(url.port) } : {}),
      path: url.pathname,
      headers: { host: url.host },
    });
    return signed.headers;
  } catch (error) {
    throw new CliError(
      `the server wants signed requests, and no credentials were found: ${(error as Error).message}`,
      EXIT.config,
    );
  } finally {
    client.destroy();
  }
}

function render(proxies: ProxyStatus[]): string {
  if (!proxies.length) return "no proxies connected\n";
  const rows = [["NODE ID", "MESH OBJECT", "CLIENT", ...TYPES, "CONNECTED SINCE"]];
  const details: string[] = [];
  for (const proxy of proxies) {
    const cells = TYPES.map((name) => {
      const type = proxy.types.find((t) => t.type === name);
      return type ? syncState(type) : "NOT SENT";
    });
    rows.push([proxy.nodeId, proxy.meshObject, proxy.client, ...cells, proxy.connectedSince]);
    if (proxy.problem) details.push(`${proxy.nodeId}: ${proxy.problem}`);
    for (const type of proxy.types) {
      const state = syncState(type);
      if (state === "SYNCED" || state === "NOT SENT") continue;
      const versions = `sent ${type.sent}, acked ${type.acked ?? "none"}, current ${type.current ?? "none"}`;
      details.push(`${proxy.nodeId} ${type.type} ${state} (${versions})${type.nack ? `: ${type.nack.message}` : ""}`);
    }
  }
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((row) => (row[i] as string).length))) ?? [];
  const table = rows.map((row) =>
    row
      .map((cell, i) => cell.padEnd(widths[i] ?? 0))
      .join("  ")
      .trimEnd(),
  );
  return `${[...table, ...(details.length ? ["", ...details] : [])].join("\n")}\n`;
}
