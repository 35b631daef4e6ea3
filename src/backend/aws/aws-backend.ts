/**
 * The AWS backend: every call through the AWS SDK v3 client of the operation's service, so the
 * standard credential chain, profiles, SigV4, retries and endpoints work as they do for any SDK user.
 * It reaches AWS, or any App Mesh-compatible endpoint (`--endpoint-url`), such as `mesh serve`.
 * Credentials come in the AWS CLI's order (environment keys before AWS_PROFILE's; only `--profile`
 * overrides them). Each response's body is read whole before the SDK parses it, so errors read as
 * botocore reads them whatever the body, and `--debug` logs every request and response.
 * The SDK is loaded on the first call only.
 */
import { readFileSync } from "node:fs";
import { invalidRegionMessage, isRegionName } from "../../model/regions.js";
import type { Operation } from "../../model/types.js";
import type { Backend, Output, Params } from "../backend.js";
import { BackendConfigError, BackendConnectionError } from "../errors.js";
import { type AwsBackendConfig, DEFAULT_TIMEOUT_SECONDS, maxAttempts, profileName } from "./aws-config.js";
import { headersRepr, pythonBytesRepr } from "./debug-log.js";
import type { RawResponse } from "./error-response.js";
import { hostPrefixDisabled } from "./host-prefix.js";
import { NO_REGION, translateSdkError } from "./sdk-errors.js";

interface SdkClient {
  send(command: unknown): Promise<Record<string, unknown>>;
  destroy(): void;
  middlewareStack: {
    addRelativeTo(middleware: unknown, options: Record<string, unknown>): void;
  };
}

type Commands = Record<string, new (input: Params) => unknown>;

const SDK_PACKAGES: Record<string, { module: string; client: string }> = {
  appmesh: { module: "@aws-sdk/client-app-mesh", client: "AppMeshClient" },
  servicediscovery: { module: "@aws-sdk/client-servicediscovery", client: "ServiceDiscoveryClient" },
};

interface HttpRequestLike {
  method?: string;
  protocol?: string;
  hostname?: string;
  port?: number;
  path?: string;
  query?: Record<string, string | string[] | null>;
  headers: Record<string, string>;
  body?: unknown;
}

interface HttpResponseLike {
  statusCode: number;
  headers: Record<string, string>;
  body: unknown;
}

type Handler = (args: { request: HttpRequestLike }) => Promise<{ response: HttpResponseLike }>;

async function readBody(body: unknown): Promise<Uint8Array> {
  if (body instanceof Uint8Array) return body;
  if (!body || typeof (body as AsyncIterable<unknown>)[Symbol.asyncIterator] !== "function") return new Uint8Array();
  const chunks: Buffer[] = [];
  for await (const chunk of body as AsyncIterable<Buffer | string>) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}

function requestBody(body: unknown): Uint8Array {
  if (body instanceof Uint8Array) return body;
  return Buffer.from(typeof body === "string" ? body : "");
}

function urlOf(request: HttpRequestLike): string {
  const port = request.port ? `:${request.port}` : "";
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(request.query ?? {})) {
    for (const item of Array.isArray(value) ? value : [value ?? ""]) query.append(key, item);
  }
  const search = query.size ? `?${query}` : "";
  return `${request.protocol ?? "https:"}//${request.hostname}${port}${request.path ?? "/"}${search}`;
}

interface ServiceClient {
  client: SdkClient;
  commands: Commands;
  /** The URL of the latest request, for the "Could not connect" message. */
  lastUrl: { value?: string };
}

export class AwsBackend implements Backend {
  /** Promises, so that two first calls at once build one client, not two. */
  private readonly clients = new Map<string, Promise<ServiceClient>>();
  /** Every response's status, headers and whole body, by the SDK's response object (errors carry it as $response). */
  private readonly raw = new WeakMap<object, RawResponse>();

  constructor(private readonly config: AwsBackendConfig) {}

  async call(operation: Operation, input: Params): Promise<Output> {
    let pending = this.clients.get(operation.service);
    if (!pending) {
      pending = this.client(operation.service);
      this.clients.set(operation.service, pending);
    }
    const { client, commands, lastUrl } = await pending;
    const Command = commands[`${operation.name}Command`];
    if (!Command) throw new Error(`the SDK has no ${operation.name}Command`);
    try {
      const { $metadata: _metadata, ...output } = await client.send(new Command(input));
      return output;
    } catch (error) {
      const response = (error as { $response?: object }).$response;
      const raw = response ? this.raw.get(response) : undefined;
      const protocol = operation.service === "appmesh" ? "rest-json" : "json";
      throw translateSdkError(error, lastUrl.value, maxAttempts(this.config.env), raw && { raw, protocol });
    }
  }

  async close(): Promise<void> {
    for (const pending of this.clients.values()) (await pending.catch(() => undefined))?.client.destroy();
    this.clients.clear();
  }

  private async client(service: string): Promise<ServiceClient> {
    const sdk = SDK_PACKAGES[service];
    if (!sdk) throw new Error(`no AWS SDK client for ${service}`);
    const settings = await this.settings();
    // The SDK warns on stderr about Node 20's support window; mesh's output stays its own.
    process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
    const module = (await import(sdk.module)) as Record<string, unknown>;
    const Client = module[sdk.client] as new (config: Record<string, unknown>) => SdkClient;
    const client = new Client(settings);
    const lastUrl: { value?: string } = {};
    client.middlewareStack.addRelativeTo(
      (next: (args: { request: HttpRequestLike }) => Promise<unknown>) =>
        async (args: { request: HttpRequestLike }) => {
          if (!this.config.signRequest) {
            delete args.request.headers.authorization;
            delete args.request.headers["x-amz-security-token"];
          }
          lastUrl.value = urlOf(args.request);
          return next(args);
        },
      { name: "meshRequestObserver", relation: "after", toMiddleware: "httpSigningMiddleware" },
    );
    client.middlewareStack.addRelativeTo(
      (next: Handler) => (args: { request: HttpRequestLike }) => this.exchange(next, args),
      {
        name: "meshWireObserver",
        relation: "after",
        toMiddleware: "deserializerMiddleware",
      },
    );
    return { client, commands: module as Commands, lastUrl };
  }

  /** One HTTP exchange as it goes on the wire: logged under --debug, the response body read whole. */
  private async exchange(next: Handler, args: { request: HttpRequestLike }): Promise<{ response: HttpResponseLike }> {
    const { debug } = this.config;
    const { request } = args;
    const url = urlOf(request);
    if (debug) {
      const body = pythonBytesRepr(requestBody(request.body));
      debug(
        "botocore.endpoint",
        `Making request with params: {'method': '${request.method}', 'url': '${url}', 'body': ${body}}`,
      );
      debug(
        "botocore.endpoint",
        `Sending http request: <AWSPreparedRequest stream_output=False, method=${request.method}, url=${url}, headers=${headersRepr(request.headers, true)}>`,
      );
    }
    const started = performance.now();
    const result = await next(args);
    const { response } = result;
    const body = await readBody(response.body);
    response.body = body;
    this.raw.set(response, {
      status: response.statusCode,
      headers: response.headers,
      body: Buffer.from(body).toString("utf8"),
    });
    if (debug) {
      const elapsed = Math.round(performance.now() - started);
      debug(
        "urllib3.connectionpool",
        `${url} "${request.method} ${request.path ?? "/"} HTTP/1.1" ${response.statusCode} (${elapsed} ms)`,
      );
      debug("botocore.parsers", `Response headers: ${headersRepr(response.headers, false)}`);
      debug("botocore.parsers", `Response body:\n${pythonBytesRepr(body)}`);
    }
    return result;
  }

  /** The SDK client configuration: region, endpoint, credentials, retries, timeouts and TLS. */
  private async settings(): Promise<Record<string, unknown>> {
    const { config } = this;
    const profile = profileName(config);
    const fromProfile = await this.profile(profile);
    const region = config.region ?? config.env.AWS_REGION ?? config.env.AWS_DEFAULT_REGION ?? fromProfile?.region;
    if (!region) throw new BackendConfigError(NO_REGION);
    if (!isRegionName(region)) throw new BackendConnectionError(invalidRegionMessage(region));
    const [{ NodeHttpHandler }, { Agent: HttpAgent }, { Agent: HttpsAgent }] = await Promise.all([
      import("@smithy/node-http-handler"),
      import("node:http"),
      import("node:https"),
    ]);
    const seconds = (value: number | undefined) => (value === 0 ? 0 : (value ?? DEFAULT_TIMEOUT_SECONDS) * 1000);
    const tls = {
      rejectUnauthorized: config.verifySsl,
      ...(config.caBundle ? { ca: readFileSync(config.caBundle) } : {}),
    };
    const quiet = () => {};
    const settings: Record<string, unknown> = {
      region,
      // The SDK's own warnings (e.g. "Multiple credential sources detected") are not mesh's output.
      logger: { trace: quiet, debug: quiet, info: quiet, warn: quiet, error: quiet },
      maxAttempts: maxAttempts(config.env),
      retryMode: "standard",
      requestHandler: new NodeHttpHandler({
        connectionTimeout: seconds(config.connectTimeout),
        requestTimeout: seconds(config.readTimeout),
        httpAgent: new HttpAgent({ keepAlive: true }),
        httpsAgent: new HttpsAgent({ keepAlive: true, ...tls }),
      }),
    };
    if (config.endpointUrl) settings.endpoint = config.endpointUrl;
    if (hostPrefixDisabled(config.endpointUrl, config.env, fromProfile)) settings.disableHostPrefix = true;
    if (profile) settings.profile = profile;
    const { AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: secretAccessKey, AWS_SESSION_TOKEN } = config.env;
    if (!config.signRequest) settings.credentials = { accessKeyId: "", secretAccessKey: "" };
    // As the AWS CLI: environment keys win over AWS_PROFILE's; only --profile on the command line overrides them.
    else if (config.profile === undefined && accessKeyId && secretAccessKey) {
      settings.credentials = {
        accessKeyId,
        secretAccessKey,
        ...(AWS_SESSION_TOKEN ? { sessionToken: AWS_SESSION_TOKEN } : {}),
      };
    }
    return settings;
  }

  /** The named profile's settings (or the default profile's); an unknown named profile fails as the AWS CLI does (exit 255). */
  private async profile(name: string | undefined): Promise<Record<string, string | undefined> | undefined> {
    const { loadSharedConfigFiles } = await import("@smithy/core/config");
    const files = await loadSharedConfigFiles({
      filepath: this.config.env.AWS_SHARED_CREDENTIALS_FILE,
      configFilepath: this.config.env.AWS_CONFIG_FILE,
    });
    const section = files.configFile[name ?? "default"] ?? files.credentialsFile[name ?? "default"];
    if (!section && name) throw new BackendConnectionError(`The config profile (${name}) could not be found`);
    return section;
  }
}
