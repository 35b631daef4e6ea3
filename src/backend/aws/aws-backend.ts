/**
 * The AWS backend: every call through the AWS SDK v3 client of the operation's service, so the
 * standard credential chain, profiles, SigV4, retries and endpoints work as they do for any SDK user.
 * It reaches AWS, or any App Mesh-compatible endpoint (`--endpoint-url`), such as `mesh serve`.
 * The SDK is loaded on the first call only.
 */
import { readFileSync } from "node:fs";
import { invalidRegionMessage, isRegionName } from "../../model/regions.js";
import type { Operation } from "../../model/types.js";
import type { Backend, Output, Params } from "../backend.js";
import { BackendConfigError, BackendConnectionError } from "../errors.js";
import { type AwsBackendConfig, DEFAULT_TIMEOUT_SECONDS, maxAttempts, profileName } from "./aws-config.js";
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
  protocol?: string;
  hostname?: string;
  port?: number;
  path?: string;
  query?: Record<string, string | string[] | null>;
  headers: Record<string, string>;
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
      throw translateSdkError(error, lastUrl.value, maxAttempts(this.config.env));
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
    return { client, commands: module as Commands, lastUrl };
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
    if (profile) settings.profile = profile;
    if (!config.signRequest) settings.credentials = { accessKeyId: "", secretAccessKey: "" };
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
