/** /server_info: envoy.admin.v3.ServerInfo in Envoy's JSON (probes grep its `"state": "LIVE"`). */
import type { ProxyServer } from "../proxy/proxy.js";

/** Says which Envoy this stands in for: App Mesh's image ran Envoy 1.34 with the label `appmesh.1`. */
export const VERSION = "mesh/1.34.13/Clean/RELEASE/appmesh.1";

export function serverInfo(proxy: ProxyServer, state: string): unknown {
  const uptime = `${Math.floor((Date.now() - proxy.startedAt) / 1000)}s`;
  const node = proxy.config?.node;
  return {
    version: VERSION,
    state,
    hot_restart_version: "disabled",
    command_line_options: {
      base_id: "0",
      concurrency: 1,
      config_path: "",
      log_level: "info",
      mode: "Serve",
      drain_time: "600s",
      parent_shutdown_time: "900s",
      restart_epoch: 0,
    },
    node: { id: node?.id ?? "", cluster: node?.cluster ?? "", user_agent_name: "envoy" },
    uptime_current_epoch: uptime,
    uptime_all_epochs: uptime,
  };
}
