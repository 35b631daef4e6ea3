/**
 * A bootstrap for an upstream Envoy binary that takes its configuration from `mesh serve`, shaped as
 * the App Mesh Envoy image's own (dataplane.md §22.1): node id and cluster the mesh object's path, LDS
 * and CDS over ADS (state of the world, v3) waiting as long as it takes, admin on 9901, and one static
 * cluster, `xds_cluster`, reaching the xDS server over HTTP/2: TCP, TLS (trusting a given CA), or a
 * Unix socket.
 */

export interface BootstrapOptions {
  mesh: string;
  kind: "virtualNode" | "virtualGateway";
  name: string;
  /** `host:port` or `unix:///path`. */
  xdsAddress: string;
  /** A CA bundle (PEM file) to verify the xDS server's certificate with: TLS on. */
  caFile?: string;
  adminPort: number;
}

export class BootstrapError extends Error {
  override readonly name = "BootstrapError";
}

const ADS = { ads: {}, resource_api_version: "V3", initial_fetch_timeout: "0s" };

export function envoyBootstrap(options: BootstrapOptions): Record<string, unknown> {
  const id = `mesh/${options.mesh}/${options.kind}/${options.name}`;
  const unix = /^unix:\/\/(\/.+)$/.exec(options.xdsAddress)?.[1];
  const tcp = /^(\[[^\]]+\]|[^:/[\]]+):(\d+)$/.exec(options.xdsAddress);
  if (!unix && !tcp) throw new BootstrapError(`'${options.xdsAddress}' is neither HOST:PORT nor unix:///PATH`);
  const host = tcp?.[1]?.replace(/^\[|\]$/g, "") ?? "";
  const address = unix ? { pipe: { path: unix } } : { socket_address: { address: host, port_value: Number(tcp?.[2]) } };
  const isIp = /^[\d.]+$|:/.test(host);
  return {
    node: { id, cluster: id },
    admin: { address: { socket_address: { address: "0.0.0.0", port_value: options.adminPort } } },
    dynamic_resources: {
      ads_config: {
        api_type: "GRPC",
        transport_api_version: "V3",
        grpc_services: [{ envoy_grpc: { cluster_name: "xds_cluster" } }],
        set_node_on_first_message_only: false,
      },
      lds_config: ADS,
      cds_config: ADS,
    },
    static_resources: {
      clusters: [
        {
          name: "xds_cluster",
          type: unix || isIp ? "STATIC" : "STRICT_DNS",
          connect_timeout: "1s",
          typed_extension_protocol_options: {
            "envoy.extensions.upstreams.http.v3.HttpProtocolOptions": {
              "@type": "type.googleapis.com/envoy.extensions.upstreams.http.v3.HttpProtocolOptions",
              explicit_http_config: { http2_protocol_options: {} },
            },
          },
          load_assignment: {
            cluster_name: "xds_cluster",
            endpoints: [{ lb_endpoints: [{ endpoint: { address } }] }],
          },
          ...(options.caFile && !unix
            ? {
                transport_socket: {
                  name: "envoy.transport_sockets.tls",
                  typed_config: {
                    "@type": "type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext",
                    sni: host,
                    common_tls_context: {
                      alpn_protocols: ["h2"],
                      validation_context: {
                        trusted_ca: { filename: options.caFile },
                        ...(isIp
                          ? {}
                          : { match_typed_subject_alt_names: [{ san_type: "DNS", matcher: { exact: host } }] }),
                      },
                    },
                  },
                },
              }
            : {}),
        },
      ],
    },
  };
}
