/**
 * envoy.config.listener.v3.Listener with an `api_listener` instead of an address: what gRPC's xDS
 * resolver asks for when a client dials `xds:///<name>` (the listener is named after the target). It
 * binds nothing; its connection manager names the route configuration the channel routes by.
 */
import type { HttpConnectionManager } from "./listener.js";

export interface ApiListener {
  name: string;
  api_listener: { api_listener: HttpConnectionManager };
}
