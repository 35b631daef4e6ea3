/**
 * A virtual gateway's ingress, as App Mesh built it (dataplane.md §5): one listener per gateway
 * listener port, a route configuration of one `self_redirect` virtual host whose routes are the
 * gateway routes (in App Mesh's order), each rewriting the request (Host becomes the
 * target service, the matched prefix becomes `/`, unless the route says otherwise) and sending it to
 * the `self_redirect` cluster: the gateway's own egress listener, where the target service's own
 * routing takes over. Returns the virtual services the gateway routes target, its egress backends.
 */
import type {
  GatewayRouteHostnameMatch,
  GrpcGatewayRoute,
  HttpGatewayRoute,
  VirtualGatewaySpec,
} from "@aws-sdk/client-app-mesh";
import type { SnapshotLookup } from "../../snapshot/lookup.js";
import { appMeshOrder } from "../../snapshot/route-order.js";
import type { AccessLog } from "../envoy/access-log.js";
import type { Cluster } from "../envoy/cluster.js";
import type { Listener } from "../envoy/listener.js";
import { meshMetadata } from "../envoy/mesh-object.js";
import { listenerName, routeConfigName } from "../envoy/names.js";
import type { HeaderMatcher, Route, RouteAction, RouteMatch } from "../envoy/route.js";
import { loadAssignment } from "./clusters.js";
import { DEFAULT_THRESHOLDS } from "./defaults.js";
import { VIRTUAL_SERVICE_HEADER } from "./egress.js";
import { httpFilter } from "./listeners.js";
import { grpcMatchOf, httpMatchOf } from "./match.js";
import type { Placement } from "./placement.js";
import type { Resources } from "./resources.js";
import { inspectTls, listenerTls, tlsChains } from "./tls.js";

type Protocol = "http" | "http2" | "grpc";
const ROUTE_TYPES: Record<Protocol, "httpRoute" | "http2Route" | "grpcRoute"> = {
  http: "httpRoute",
  http2: "http2Route",
  grpc: "grpcRoute",
};

export function gateway(
  resources: Resources,
  lookup: SnapshotLookup,
  name: string,
  spec: VirtualGatewaySpec,
  placement: Placement,
  accessLog: AccessLog[],
): string[] {
  const mesh = lookup.snapshot.mesh;
  const targets = new Set<string>();
  const listeners = spec.listeners ?? [];
  const sources = { filesOnly: placement.filesOnly === true, resources };
  for (const [index, gatewayListener] of listeners.entries()) {
    const port = gatewayListener.portMapping?.port ?? 0;
    const protocol = (gatewayListener.portMapping?.protocol ?? "http") as Protocol;
    const tls = listenerTls(gatewayListener.tls, protocol, `spec.listeners[${index}].tls`, sources);
    const redirect = selfRedirect(
      mesh,
      name,
      port,
      protocol,
      listeners.length > 1,
      placement,
      gatewayListener.connectionPool,
    );
    resources.cluster(redirect);
    const routes = appMeshOrder(lookup.gatewayRoutesOf(name)).flatMap(({ name: routeName, spec: routeSpec }) => {
      const typed = routeSpec[ROUTE_TYPES[protocol]] as HttpGatewayRoute | GrpcGatewayRoute | undefined;
      const matchPort = typed?.match?.port;
      if (!typed || (matchPort !== undefined && matchPort !== port)) return [];
      const target = typed.action?.target;
      const service = target?.virtualService?.virtualServiceName;
      if (service === undefined) return [];
      targets.add(service);
      return [gatewayRoute(mesh, name, routeName, typed, protocol, redirect.name, service, target?.port)];
    });
    const rds = routeConfigName("ingress", protocol, port);
    const object = `mesh/${mesh}/virtualGateway/${name}`;
    resources.routes.push({
      name: rds,
      virtual_hosts: [{ name: "self_redirect", domains: ["*"], routes, metadata: meshMetadata({ object }) }],
      metadata: meshMetadata({ object }),
    });
    const address = placement.gatewayListener(port);
    const envoyListener: Listener = {
      name: listenerName("ingress", address.address, address.port_value),
      address: { socket_address: address },
      filter_chains: tlsChains(port, httpFilter("ingress", { rds }, accessLog), tls),
      traffic_direction: "INBOUND",
      metadata: meshMetadata({ object, reason: `listener ${port}` }),
    };
    inspectTls(envoyListener, tls);
    resources.listeners.push(envoyListener);
  }
  return [...targets];
}

/** The gateway's way back into its own egress listener, with the gateway listener's connection pool. */
function selfRedirect(
  mesh: string,
  name: string,
  port: number,
  protocol: Protocol,
  several: boolean,
  placement: Placement,
  pool: NonNullable<VirtualGatewaySpec["listeners"]>[number]["connectionPool"],
): Cluster {
  const clusterName = `cds_ingress_${mesh}_${name}_self_redirect_${several ? `${port}_` : ""}${protocol}_${port}`;
  const egress = placement.egress;
  const target = {
    address: egress.address === "0.0.0.0" ? "127.0.0.1" : egress.address,
    port_value: egress.port_value,
  };
  const limits = { ...pool?.http, ...pool?.http2, ...pool?.grpc } as {
    maxConnections?: number;
    maxPendingRequests?: number;
    maxRequests?: number;
  };
  return {
    name: clusterName,
    type: "STATIC",
    connect_timeout: "0.250s",
    lb_policy: "ROUND_ROBIN",
    load_assignment: loadAssignment(clusterName, [target]),
    circuit_breakers: {
      thresholds: [
        {
          ...DEFAULT_THRESHOLDS,
          ...(limits.maxConnections !== undefined ? { max_connections: limits.maxConnections } : {}),
          ...(limits.maxPendingRequests !== undefined ? { max_pending_requests: limits.maxPendingRequests } : {}),
          ...(limits.maxRequests !== undefined ? { max_requests: limits.maxRequests } : {}),
        },
      ],
    },
    ...(protocol === "http" ? {} : { typed_extension_protocol_options: HTTP2 }),
    metadata: meshMetadata({ object: `mesh/${mesh}/virtualGateway/${name}` }),
  };
}

const HTTP2 = {
  "envoy.extensions.upstreams.http.v3.HttpProtocolOptions": {
    "@type": "type.googleapis.com/envoy.extensions.upstreams.http.v3.HttpProtocolOptions",
    explicit_http_config: { http2_protocol_options: {} },
  },
};

function gatewayRoute(
  mesh: string,
  gateway: string,
  name: string,
  typed: HttpGatewayRoute | GrpcGatewayRoute,
  protocol: Protocol,
  cluster: string,
  service: string,
  targetPort: number | undefined,
): Route {
  const grpc = protocol === "grpc";
  const httpMatch = (typed as HttpGatewayRoute).match;
  const match: RouteMatch = grpc
    ? grpcMatchOf({
        serviceName: (typed as GrpcGatewayRoute).match?.serviceName,
        metadata: (typed as GrpcGatewayRoute).match?.metadata,
      })
    : httpMatchOf({ ...httpMatch, port: undefined });
  const hostname = typed.match?.hostname;
  if (hostname) match.headers = [...(match.headers ?? []), hostnameMatcher(hostname)];
  const rewrite = typed.action?.rewrite;
  const action: RouteAction = { cluster, timeout: "0s" };
  const keepHost = rewrite?.hostname?.defaultTargetHostname === "DISABLED";
  if (!keepHost) action.host_rewrite_literal = targetPort === undefined ? service : `${service}:${targetPort}`;
  if (!grpc) {
    const { prefix: prefixRewrite, path: pathRewrite } = (rewrite ?? {}) as NonNullable<
      HttpGatewayRoute["action"]
    >["rewrite"] & {};
    if (pathRewrite?.exact !== undefined) {
      action.regex_rewrite = { pattern: { regex: ".*" }, substitution: pathRewrite.exact };
    } else if (httpMatch?.prefix !== undefined) {
      if (prefixRewrite?.value !== undefined) action.prefix_rewrite = prefixRewrite.value;
      else if (prefixRewrite?.defaultPrefix !== "DISABLED") action.prefix_rewrite = "/";
    }
  }
  return {
    name,
    match,
    route: action,
    // With the Host kept, the gateway's egress learns the target service from a header instead.
    ...(keepHost
      ? {
          request_headers_to_add: [
            {
              header: { key: VIRTUAL_SERVICE_HEADER, value: service },
              append_action: "OVERWRITE_IF_EXISTS_OR_ADD" as const,
            },
          ],
        }
      : {}),
    metadata: meshMetadata({ object: `mesh/${mesh}/virtualGateway/${gateway}/gatewayRoute/${name}` }),
  };
}

/** A gateway route's hostname match, on the request's authority with or without its port. */
function hostnameMatcher(hostname: GatewayRouteHostnameMatch): HeaderMatcher {
  const escaped = (hostname.exact ?? hostname.suffix ?? "").replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const regex = hostname.exact !== undefined ? `${escaped}(:[0-9]+)?` : `.*${escaped}(:[0-9]+)?`;
  return { name: ":authority", string_match: { safe_regex: { regex } } };
}
