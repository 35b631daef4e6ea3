/**
 * A test ADS client that speaks as the App Mesh Envoy image does (dataplane.md §22): the ADS service
 * loaded with @grpc/proto-loader from Envoy's .proto files (independently of the server), the full
 * node on every request, its keepalive pings, and the image's request order on one stream, Secrets
 * included when its clusters and listeners point at them over ADS.
 */
import * as grpc from "@grpc/grpc-js";
import { loadSync } from "@grpc/proto-loader";
import { protoIncludeDirs } from "../../../scripts/generate-xds-protos.js";
import { type Decoded, decodeAny } from "./envoy-decoder.js";

export const TYPES = {
  cluster: "type.googleapis.com/envoy.config.cluster.v3.Cluster",
  endpoints: "type.googleapis.com/envoy.config.endpoint.v3.ClusterLoadAssignment",
  listener: "type.googleapis.com/envoy.config.listener.v3.Listener",
  routes: "type.googleapis.com/envoy.config.route.v3.RouteConfiguration",
  secret: "type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.Secret",
};

export interface Response {
  version_info: string;
  nonce: string;
  type_url: string;
  resources: { type_url: string; value: Buffer }[];
}

type AdsConstructor = new (
  target: string,
  credentials: grpc.ChannelCredentials,
  options?: object,
) => grpc.Client & {
  StreamAggregatedResources(metadata?: grpc.Metadata): grpc.ClientDuplexStream<object, Response>;
};

let adsConstructor: AdsConstructor | undefined;

function adsClientConstructor(): AdsConstructor {
  if (!adsConstructor) {
    const definition = loadSync("envoy/service/discovery/v3/ads.proto", {
      keepCase: true,
      longs: String,
      enums: String,
      defaults: true,
      oneofs: true,
      includeDirs: protoIncludeDirs(),
    });
    const pkg = grpc.loadPackageDefinition(definition) as unknown as {
      envoy: { service: { discovery: { v3: { AggregatedDiscoveryService: AdsConstructor } } } };
    };
    adsConstructor = pkg.envoy.service.discovery.v3.AggregatedDiscoveryService;
  }
  return adsConstructor;
}

/** The image's node: id (an ARN on ECS), cluster, user agent, the metadata it sets. */
export function imageNode(id: string): object {
  return {
    id,
    cluster: id,
    user_agent_name: "envoy",
    metadata: {
      fields: {
        "aws.appmesh.task.interfaces": { string_value: '{"ipv4":["10.0.0.5"]}' },
        "aws.appmesh.platformInfo": { string_value: '{"ecs":{}}' },
      },
    },
  };
}

export class AdsTestClient {
  readonly client: grpc.Client;
  readonly stream: grpc.ClientDuplexStream<object, Response>;
  private readonly responses: Response[] = [];
  private readonly waiting: ((response: Response) => void)[] = [];
  error: grpc.ServiceError | undefined;

  constructor(target: string, credentials: grpc.ChannelCredentials, options: object = {}) {
    const Ads = adsClientConstructor();
    const client = new Ads(target, credentials, options);
    this.client = client;
    this.stream = client.StreamAggregatedResources();
    this.stream.on("data", (response: Response) => {
      const next = this.waiting.shift();
      if (next) next(response);
      else this.responses.push(response);
    });
    this.stream.on("error", (error: grpc.ServiceError) => {
      this.error = error;
    });
  }

  send(request: object): void {
    this.stream.write(request);
  }

  /** The next response, or a rejection after `ms`. */
  next(ms = 3000): Promise<Response> {
    const ready = this.responses.shift();
    if (ready) return Promise.resolve(ready);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.splice(this.waiting.indexOf(done), 1);
        reject(new Error(`no response in ${ms} ms${this.error ? ` (${this.error.message})` : ""}`));
      }, ms);
      const done = (response: Response) => {
        clearTimeout(timer);
        resolve(response);
      };
      this.waiting.push(done);
    });
  }

  /** Resolves true when a response arrives within `ms`, false when none does. */
  async anyWithin(ms: number): Promise<boolean> {
    return this.next(ms).then(
      (response) => {
        this.responses.unshift(response);
        return true;
      },
      () => false,
    );
  }

  close(): void {
    this.stream.cancel();
    this.client.close();
  }
}

export interface Replay {
  /** The decoded resources by type URL. */
  resources: Map<string, Decoded[]>;
  /** Each response's type, in the order they came, with how long each took. */
  order: { type: string; ms: number }[];
}

const ack = (node: object, response: Response, names: string[] = []) => ({
  node,
  version_info: response.version_info,
  response_nonce: response.nonce,
  type_url: response.type_url,
  resource_names: names,
});

/** The names of the secrets decoded resources take from the ADS stream (`sds_config: { ads: {} }`). */
export function adsSecretNames(decoded: Decoded[]): string[] {
  const names = new Set<string>();
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === "object") {
      const record = node as Record<string, any>;
      if (typeof record.name === "string" && record.sds_config?.ads) names.add(record.name);
      Object.values(record).forEach(walk);
    }
  };
  walk(decoded.map((d) => d.value));
  return [...names].sort();
}

/**
 * The image's order: (Unix socket) EDS for local_cluster; CDS wildcard; EDS for every EDS cluster; LDS
 * wildcard; RDS for every route configuration the listeners name; SDS for every secret clusters and
 * listeners take from ADS. Each response is ACKed.
 */
export async function replayImage(client: AdsTestClient, node: object, unix: boolean): Promise<Replay> {
  const resources = new Map<string, Decoded[]>();
  const order: { type: string; ms: number }[] = [];
  const ask = async (request: object) => {
    const started = performance.now();
    client.send({ node, version_info: "", response_nonce: "", resource_names: [], ...request });
    const response = await client.next();
    order.push({ type: response.type_url, ms: performance.now() - started });
    const decoded = response.resources.map((r) => decodeAny(r.type_url, r.value));
    resources.set(response.type_url, decoded);
    return { response, decoded };
  };
  const local = unix ? ["local_cluster"] : [];
  let eds: Response | undefined;
  if (unix) eds = (await ask({ type_url: TYPES.endpoints, resource_names: local })).response;
  const cds = await ask({ type_url: TYPES.cluster });
  client.send(ack(node, cds.response));
  const edsNames = cds.decoded
    .filter((c) => c.value.type === "EDS")
    .map((c) => c.name)
    .concat(local)
    .sort();
  // Envoy asks for endpoints when CDS gave it EDS clusters (an ACK naming the same names is answered by nothing).
  if (edsNames.length > local.length) {
    const edsRequest = eds ? ack(node, eds, edsNames) : { type_url: TYPES.endpoints, resource_names: edsNames };
    const endpoints = await ask(edsRequest);
    client.send(ack(node, endpoints.response, edsNames));
  } else if (eds) client.send(ack(node, eds, edsNames));
  const lds = await ask({ type_url: TYPES.listener });
  client.send(ack(node, lds.response));
  const routeNames = [
    ...new Set(lds.decoded.flatMap((l) => JSON.stringify(l.value).match(/rds_[a-z]+_[a-z0-9]+_\d+/g) ?? [])),
  ].sort();
  const rds = await ask({ type_url: TYPES.routes, resource_names: routeNames });
  client.send(ack(node, rds.response, routeNames));
  const secretNames = adsSecretNames([...cds.decoded, ...lds.decoded]);
  if (secretNames.length) {
    const sds = await ask({ type_url: TYPES.secret, resource_names: secretNames });
    client.send(ack(node, sds.response, secretNames));
  }
  return { resources, order };
}
