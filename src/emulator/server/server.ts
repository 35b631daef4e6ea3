/**
 * `mesh serve`'s HTTP server: AWS's wire protocols on top of the emulators, so SDKs, boto3 and the AWS
 * CLI work against it by endpoint URL alone. Each request is claimed by a protocol handler and
 * authenticated from its head, its body read up to a limit, its signature checked, and then handled;
 * this is the one place that turns failures into responses, so bad input never stops the server.
 */
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { ServiceError } from "../../model/service-error.js";
import type { EmulatorOptions } from "../appmesh/service.js";
import { openState } from "../open.js";
import type { CloudMapEmulatorOptions } from "../servicediscovery/service.js";
import { StateError } from "../state/state-error.js";
import { AppMeshHandler } from "./app-mesh-handler.js";
import { type Authenticated, authenticateHead } from "./authenticate.js";
import { CloudMapHandler } from "./cloud-map-handler.js";
import { limitConnections } from "./connection-limit.js";
import {
  type ProtocolHandler,
  type RequestHead,
  WireInputError,
  type WireRequest,
  type WireResponse,
} from "./protocol.js";
import { discardBody, RequestAbortedError, readBody } from "./read-body.js";
import { SigV4Verifier } from "./sigv4-verifier.js";
import { whileLocked } from "./wait-for-lock.js";

const MAX_BODY_BYTES = 10 * 1024 * 1024;
/** How much of the body of a request refused from its head is read (and dropped) before the connection is cut. */
const REFUSED_BODY_ALLOWANCE = 64 * 1024;
/** How many connections the server holds at once (see limitConnections). */
const MAX_CONNECTIONS = 128;
/** How long close() lets requests in flight run before cutting their connections. */
const CLOSE_GRACE_MS = 10_000;
/** How long a request waits for another process's lock on the state before it is answered 503. */
const LOCK_TIMEOUT_MS = 10_000;

export interface ServerOptions {
  /** The state directory the emulators keep their state in, shared with the CLI. */
  stateDir: string;
  /** 127.0.0.1 unless given. */
  host?: string;
  /** 0 (any free port) unless given. */
  port?: number;
  /** The account every request acts in. */
  account: string;
  /** The region of requests that carry no SigV4 credential scope. */
  region: string;
  /** Passed to every App Mesh emulator: in tests a clock and an id source, and quotas beyond mesh.json's. */
  appMesh?: Omit<EmulatorOptions, "store" | "scope">;
  /** Likewise for every Cloud Map emulator. */
  cloudMap?: Omit<CloudMapEmulatorOptions, "store" | "scope">;
  /** When given, every request must be SigV4-signed with one of these keys (secret by access key id). */
  credentials?: ReadonlyMap<string, string>;
  /** Where unexpected errors are reported; stderr unless given. */
  log?: (line: string) => void;
  /** How long a request waits for another process's lock on the state; 10 s unless given. */
  lockTimeoutMs?: number;
  /** How many connections the server holds at once; 128 unless given. */
  maxConnections?: number;
  /** Answers the server's own endpoints (the xDS status) before the protocols see a request. */
  admin?: (request: WireRequest) => WireResponse | undefined;
}

export interface MeshServer {
  /** `http://127.0.0.1:4566` */
  url: string;
  /** Stops accepting connections, lets in-flight requests finish, then closes the state. */
  close(): Promise<void>;
}

export async function startServer(options: ServerOptions): Promise<MeshServer> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const state = openState({ ...options, failWhenBusy: true });
  if (state.warning) log(`mesh serve: warning: ${state.warning}`);
  const lockTimeoutMs = options.lockTimeoutMs ?? LOCK_TIMEOUT_MS;
  const appMesh = new AppMeshHandler((scope) => state.appMesh(scope));
  const cloudMap = new CloudMapHandler((scope) => state.cloudMap(scope));
  // Cloud Map claims requests by X-Amz-Target; App Mesh's rest-json takes the rest.
  const handlers: ProtocolHandler[] = [cloudMap, appMesh];
  const auth = {
    account: options.account,
    defaultRegion: options.region,
    verifier: options.credentials && new SigV4Verifier(options.credentials),
  };
  let closing = false;

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const head = requestHead(req);
    const handler = handlers.find((h) => h.claims(head)) ?? appMesh;
    let response: WireResponse;
    try {
      const identity = authenticated(req, head, handler);
      const request = { ...head, body: await readBody(req, MAX_BODY_BYTES) };
      await identity.verify(request);
      response =
        options.admin?.(request) ?? (await whileLocked(() => handler.handle(request, identity.scope), lockTimeoutMs));
    } catch (error) {
      if (error instanceof RequestAbortedError) return;
      response = handler.errorResponse(asServiceError(error, handler, log));
    }
    // While closing, a kept-alive connection is closed after its response instead of waiting for more.
    send(res, response, closing);
  }

  /** The request's identity from its head; a request refused there never has its body read. */
  function authenticated(req: IncomingMessage, head: RequestHead, handler: ProtocolHandler): Authenticated {
    try {
      return authenticateHead(head, handler.signingName, auth);
    } catch (error) {
      discardBody(req, REFUSED_BODY_ALLOWANCE);
      throw error;
    }
  }

  // Requests being handled, even those whose client is gone: close() waits for them before the state closes.
  const handling = new Set<Promise<void>>();
  const server = createServer((req, res) => {
    const handled = serve(req, res)
      .catch((error: unknown) => log(`mesh serve: ${(error as Error).stack ?? String(error)}`))
      .finally(() => handling.delete(handled));
    handling.add(handled);
  });
  limitConnections(server, options.maxConnections ?? MAX_CONNECTIONS);
  // SDK agents keep idle sockets until the server closes them, and a request sent on a socket the
  // server is just closing fails (retried by default, not with retries off). Idle sockets are kept for
  // a minute, so that race is rare; close() still closes them at once.
  server.keepAliveTimeout = 60_000;
  try {
    await listen(server, options.port ?? 0, options.host ?? "127.0.0.1");
  } catch (error) {
    state.close();
    throw error;
  }
  server.on("error", (error) => log(`mesh serve: ${error.stack ?? String(error)}`));

  return {
    url: urlOf(server.address() as AddressInfo),
    close: () => {
      closing = true;
      return new Promise((resolve, reject) => {
        const deadline = setTimeout(() => server.closeAllConnections(), CLOSE_GRACE_MS);
        server.close(async (error) => {
          clearTimeout(deadline);
          await Promise.all(handling);
          state.close();
          if (error) reject(error);
          else resolve();
        });
        server.closeIdleConnections();
      });
    },
  };
}

/** The path is kept as sent (still percent-encoded); routing decodes each label on its own. */
function requestHead(req: IncomingMessage): RequestHead {
  const url = req.url ?? "/";
  const q = url.indexOf("?");
  return {
    method: req.method ?? "GET",
    path: q < 0 ? url : url.slice(0, q),
    query: new URLSearchParams(q < 0 ? "" : url.slice(q + 1)),
    headers: req.headers,
  };
}

function asServiceError(error: unknown, handler: ProtocolHandler, log: (line: string) => void): ServiceError {
  if (error instanceof ServiceError) return error;
  if (error instanceof WireInputError) return handler.badRequest(error.message);
  if (error instanceof StateError) {
    // The state's own problem (a damaged file, a full disk) says all there is in one line.
    log(`mesh serve: ${error.message}`);
    return new ServiceError("InternalServerErrorException", "The server cannot use its state; see its log.", 500);
  }
  log(`mesh serve: unexpected error: ${(error as Error)?.stack ?? String(error)}`);
  return new ServiceError("InternalServerErrorException", "The server hit an unexpected error; see its log.", 500);
}

function send(res: ServerResponse, response: WireResponse, closeConnection: boolean): void {
  res.writeHead(response.status, {
    ...response.headers,
    "x-amzn-RequestId": randomUUID(),
    "content-length": Buffer.byteLength(response.body),
    ...(closeConnection ? { connection: "close" } : {}),
  });
  res.end(response.body);
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
}

function urlOf(address: AddressInfo): string {
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  return `http://${host}:${address.port}`;
}
