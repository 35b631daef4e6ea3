/**
 * `mesh serve`'s xDS control plane: Envoy's Aggregated Discovery Service (state of the world, v3) over
 * @grpc/grpc-js, on TCP (loopback unless told otherwise), TLS (ALPN h2, as the App Mesh Envoy image's
 * google_grpc client needs) and a Unix socket (the image's `unix://` form: plaintext, unsigned). Each
 * stream serves the proxy its node id names, from the local state (and the secrets folder), and is
 * pushed every change.
 */
import { chmodSync, readFileSync, rmSync } from "node:fs";
import * as grpc from "@grpc/grpc-js";
import type { State } from "../../emulator/open.js";
import { SigV4Verifier } from "../../emulator/server/sigv4-verifier.js";
import { AdsStream, type DiscoveryRequest, type DiscoveryResponse } from "./ads-stream.js";
import { CallCredentialsError, callRegion } from "./call-credentials.js";
import { Fleet } from "./fleet.js";
import { adsPackageDefinition } from "./proto/envoy-protos.js";
import { SecretFolder } from "./secrets.js";
import type { ProxyStatus } from "./status.js";

export interface XdsOptions {
  state: State;
  account: string;
  /** The region of ids that carry none, on streams that are not signed. */
  region: string;
  host: string;
  /** TCP port (0 picks one); none: no TCP listener. */
  port?: number;
  /** PEM files: TLS on the TCP port. */
  tls?: { cert: string; key: string };
  /** A Unix socket path. */
  socket?: string;
  /** A folder of PEM files: the ACM certificates and CAs Envoy asks for as Secrets (see secrets.ts). */
  secrets?: string;
  /** When given, streams over TCP must be SigV4-signed with one of these keys. */
  credentials?: ReadonlyMap<string, string>;
  log(line: string): void;
}

export interface XdsServer {
  /** `127.0.0.1:18000` and/or `unix:///path`, as APPMESH_XDS_ENDPOINT takes them. */
  addresses: string[];
  proxies(): ProxyStatus[];
  close(): Promise<void>;
}

type Transport = ProxyStatus["transport"];

/** What the App Mesh Envoy image's channel does: pings every 10 s even when idle; allow that and more. */
const SERVER_OPTIONS: grpc.ServerOptions = {
  "grpc.keepalive_permit_without_calls": 1,
  "grpc.max_receive_message_length": 64 * 1024 * 1024,
  "grpc.max_send_message_length": 256 * 1024 * 1024,
};

export async function startXdsServer(options: XdsOptions): Promise<XdsServer> {
  const secrets = new SecretFolder(options.secrets, options.log);
  const fleet = new Fleet(options.state, secrets);
  const streams = new Set<{ stream: AdsStream; transport: Transport; peer: string }>();
  const verifier = options.credentials && new SigV4Verifier(options.credentials);
  const servers: grpc.Server[] = [];
  const addresses: string[] = [];
  const service = (grpc.loadPackageDefinition(adsPackageDefinition()) as unknown as AdsPackage).envoy.service.discovery
    .v3.AggregatedDiscoveryService.service;

  const handler = (transport: Transport) => (call: grpc.ServerDuplexStream<DiscoveryRequest, DiscoveryResponse>) => {
    void serveStream(call, transport);
  };

  async function serveStream(call: grpc.ServerDuplexStream<DiscoveryRequest, DiscoveryResponse>, transport: Transport) {
    const peer = call.getPeer();
    let region: string | undefined;
    // Requests that arrive while the signature is checked are kept, in order.
    const early: DiscoveryRequest[] = [];
    const keep = (request: DiscoveryRequest) => early.push(request);
    call.on("data", keep);
    try {
      region = await callRegion(
        call.metadata,
        { host: call.getHost(), path: call.getPath() },
        transport === "unix" ? undefined : verifier,
      );
    } catch (error) {
      const refused = error instanceof CallCredentialsError;
      const message = refused ? error.message : `cannot check the stream's signature: ${(error as Error).message}`;
      options.log(`mesh serve: xDS: ${peer}: ${message}`);
      call.emit("error", { code: refused ? grpc.status.UNAUTHENTICATED : grpc.status.INTERNAL, details: message });
      return;
    }
    call.off("data", keep);
    const stream = new AdsStream({
      fleet,
      secrets,
      scope: { account: options.account, region: region ?? options.region },
      peer,
      send: (response) => call.write(response),
      fail: (details) => call.emit("error", { code: grpc.status.INVALID_ARGUMENT, details }),
      log: options.log,
    });
    const entry = { stream, transport, peer };
    streams.add(entry);
    const done = () => {
      if (!streams.delete(entry)) return;
      stream.close();
    };
    call.on("data", (request: DiscoveryRequest) => stream.request(request));
    call.on("end", () => {
      done();
      call.end();
    });
    call.on("error", done);
    call.on("close", done);
    call.on("cancelled", done);
    for (const request of early) stream.request(request);
  }

  async function bind(address: string, credentials: grpc.ServerCredentials, transport: Transport): Promise<number> {
    const server = new grpc.Server(SERVER_OPTIONS);
    server.addService(service, {
      StreamAggregatedResources: handler(transport),
      DeltaAggregatedResources: (call: grpc.ServerDuplexStream<unknown, unknown>) =>
        call.emit("error", {
          code: grpc.status.UNIMPLEMENTED,
          details: "mesh serve speaks state-of-the-world ADS only",
        }),
    });
    servers.push(server);
    return new Promise((resolve, reject) =>
      server.bindAsync(address, credentials, (error, port) => (error ? reject(error) : resolve(port))),
    );
  }

  try {
    if (options.port !== undefined) {
      const credentials = options.tls
        ? grpc.ServerCredentials.createSsl(
            null,
            [{ cert_chain: readFileSync(options.tls.cert), private_key: readFileSync(options.tls.key) }],
            false,
          )
        : grpc.ServerCredentials.createInsecure();
      const host = options.host.includes(":") ? `[${options.host}]` : options.host;
      const port = await bind(`${host}:${options.port}`, credentials, options.tls ? "tls" : "tcp");
      addresses.push(`${host}:${port}`);
    }
    if (options.socket) {
      rmSync(options.socket, { force: true });
      await bind(`unix:${options.socket}`, grpc.ServerCredentials.createInsecure(), "unix");
      chmodSync(options.socket, 0o660);
      addresses.push(`unix://${options.socket}`);
    }
  } catch (error) {
    fleet.close();
    for (const server of servers) server.forceShutdown();
    throw error;
  }

  return {
    addresses,
    proxies: () =>
      [...streams]
        .filter(({ stream }) => stream.joined)
        .map(({ stream, transport, peer }) => {
          const { identity, scope, proxyless } = stream.key;
          return {
            nodeId: stream.nodeId,
            meshObject: `mesh/${identity.mesh}/${identity.kind}/${identity.name}`,
            account: scope.account,
            region: scope.region,
            client: proxyless ? "grpc" : "envoy",
            peer,
            transport,
            connectedSince: stream.connectedSince.toISOString(),
            ...stream.status(),
          };
        }),
    close: async () => {
      fleet.close();
      // Streams never end by themselves; proxies reconnect (to this server again, or the next one).
      for (const server of servers) server.forceShutdown();
      for (const { stream } of streams) stream.close();
      streams.clear();
      if (options.socket) rmSync(options.socket, { force: true });
    },
  };
}

interface AdsPackage {
  envoy: { service: { discovery: { v3: { AggregatedDiscoveryService: { service: grpc.ServiceDefinition } } } } };
}
