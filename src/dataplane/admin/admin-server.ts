/**
 * A proxy's admin listener (Envoy's :9901): the endpoints probes, dashboards and people use, with
 * Envoy's shapes and status codes (dataplane.md §13–§16). Paths match exactly on the part before `?`;
 * endpoints that change state answer only POST.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { Server, Socket } from "node:net";
import type { ProxyServer } from "../proxy/proxy.js";
import { clustersJson, clustersText } from "./clusters.js";
import { configDump } from "./config-dump.js";
import { listenersJson, listenersText } from "./listeners.js";
import { serverInfo } from "./server-info.js";
import { prometheusText, statsJson, statsText } from "./stats.js";

export interface AdminReply {
  status?: number;
  type?: "text" | "json" | "html";
  body: string;
}

interface Endpoint {
  help: string;
  post?: true;
  handle(proxy: ProxyServer, query: URLSearchParams, admin: AdminControls): AdminReply | Promise<AdminReply>;
}

/** What admin endpoints may do to the process beyond the proxy. */
export interface AdminControls {
  /** POST /quitquitquit: this proxy stops. */
  quit(): void;
}

const OK: AdminReply = { body: "OK\n" };
const json = (value: unknown): AdminReply => ({ type: "json", body: `${JSON.stringify(value, null, 2)}\n` });

const ENDPOINTS: Record<string, Endpoint> = {
  "/": { help: "Admin home page", handle: () => ({ type: "html", body: homePage() }) },
  "/certs": { help: "print certs on machine", handle: () => json({ certificates: [] }) },
  "/clusters": {
    help: "upstream cluster status",
    handle: (proxy, query) =>
      query.get("format") === "json" ? json(clustersJson(proxy)) : { body: clustersText(proxy) },
  },
  "/config_dump": {
    help: "dump current Envoy configs (experimental)",
    handle: (proxy, query) => json(configDump(proxy, query)),
  },
  "/drain_listeners": {
    help: "drain listeners",
    post: true,
    handle: async (proxy, query) => {
      await proxy.drainListeners(query.has("inboundonly"));
      return OK;
    },
  },
  "/healthcheck/fail": {
    help: "cause the server to fail health checks",
    post: true,
    handle: (proxy) => {
      proxy.failingHealthChecks = true;
      return OK;
    },
  },
  "/healthcheck/ok": {
    help: "cause the server to pass health checks",
    post: true,
    handle: (proxy) => {
      proxy.failingHealthChecks = false;
      return OK;
    },
  },
  "/help": { help: "print out list of admin commands", handle: () => ({ body: help() }) },
  "/hot_restart_version": {
    help: "print the hot restart compatibility version",
    handle: () => ({ body: "disabled\n" }),
  },
  "/listeners": {
    help: "print listener info",
    handle: (proxy, query) =>
      query.get("format") === "json" ? json(listenersJson(proxy)) : { body: listenersText(proxy) },
  },
  "/logging": {
    help: "query/change logging levels",
    post: true,
    handle: () => ({
      body: "active loggers:\n  admin: info\n  connection: info\n  http: info\n  router: info\n  upstream: info\n",
    }),
  },
  "/memory": {
    help: "print current allocation/heap usage",
    handle: () => {
      const memory = process.memoryUsage();
      return json({
        allocated: String(memory.heapUsed),
        heap_size: String(memory.heapTotal),
        pageheap_unmapped: "0",
        pageheap_free: "0",
        total_thread_cache: "0",
        total_physical_bytes: String(memory.rss),
      });
    },
  },
  "/quitquitquit": {
    help: "exit the server",
    post: true,
    handle: (_proxy, _query, admin) => {
      setImmediate(() => admin.quit());
      return OK;
    },
  },
  "/ready": {
    help: "print server state, return 200 if LIVE, otherwise return 503",
    handle: (proxy) => {
      const state = readyState(proxy);
      return { status: state === "LIVE" ? 200 : 503, body: `${state}\n` };
    },
  },
  "/reset_counters": {
    help: "reset all counters to zero",
    post: true,
    handle: (proxy) => {
      proxy.stats.resetCounters();
      return OK;
    },
  },
  "/runtime": { help: "print runtime values", handle: () => json({ layers: [], entries: {} }) },
  "/runtime_modify": {
    help: "Adds or modifies runtime values as passed in query parameters.",
    post: true,
    handle: () => OK,
  },
  "/server_info": {
    help: "print server version/status information",
    handle: (proxy) => json(serverInfo(proxy, readyState(proxy))),
  },
  "/stats": {
    help: "print server stats",
    handle: (proxy, query) => {
      const format = query.get("format");
      if (format === "json") return json(statsJson(proxy, query));
      if (format === "prometheus") return { body: prometheusText(proxy, query) };
      return { body: statsText(proxy, query) };
    },
  },
  "/stats/prometheus": {
    help: "print server stats in prometheus format",
    handle: (proxy, query) => ({ body: prometheusText(proxy, query) }),
  },
};

/** The state /ready reports: failing health checks makes a live proxy DRAINING. */
function readyState(proxy: ProxyServer): string {
  return proxy.state === "LIVE" && proxy.failingHealthChecks ? "DRAINING" : proxy.state;
}

function help(): string {
  const lines = Object.entries(ENDPOINTS).map(
    ([path, endpoint]) => `  ${path}: ${endpoint.help}${endpoint.post ? " (POST)" : ""}`,
  );
  return `admin commands are:\n${lines.join("\n")}\n`;
}

function homePage(): string {
  const rows = Object.entries(ENDPOINTS)
    .map(
      ([path, endpoint]) =>
        `<tr><td><a href="${path}">${path}</a></td><td>${endpoint.help}${endpoint.post ? " (POST)" : ""}</td></tr>`,
    )
    .join("\n");
  return `<html><head><title>Envoy Admin</title></head><body><table>\n${rows}\n</table></body></html>\n`;
}

const TYPES = { text: "text/plain; charset=UTF-8", json: "application/json", html: "text/html; charset=UTF-8" };

async function answer(
  proxy: ProxyServer,
  admin: AdminControls,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const url = req.url ?? "/";
  const at = url.indexOf("?");
  const path = at < 0 ? url : url.slice(0, at);
  const query = new URLSearchParams(at < 0 ? "" : url.slice(at + 1));
  const endpoint = Object.hasOwn(ENDPOINTS, path) ? ENDPOINTS[path] : undefined;
  let reply: AdminReply;
  if (!endpoint) reply = { status: 404, body: `invalid path. ${help()}` };
  else if (endpoint.post && req.method !== "POST") {
    reply = { status: 405, body: `Method ${req.method} not allowed, POST required.` };
  } else reply = await endpoint.handle(proxy, query, admin);
  res.writeHead(reply.status ?? 200, {
    "content-type": TYPES[reply.type ?? "text"],
    "cache-control": "no-cache, max-age=0",
    "x-content-type-options": "nosniff",
    server: "envoy",
  });
  res.end(reply.body);
}

export interface AdminServer {
  close(): Promise<void>;
}

/** Serves the admin endpoints of `proxy` on an already listening socket. */
export function startAdmin(proxy: ProxyServer, socket: Server, controls: AdminControls): AdminServer {
  const http = createServer((req, res) => {
    answer(proxy, controls, req, res).catch((error: Error) => {
      res.writeHead(500, { "content-type": TYPES.text });
      res.end(`${error.message}\n`);
    });
  });
  const sockets = new Set<Socket>();
  socket.on("connection", (connection: Socket) => {
    sockets.add(connection);
    connection.once("close", () => sockets.delete(connection));
    http.emit("connection", connection);
  });
  return {
    close: () =>
      new Promise((resolve) => {
        for (const connection of sockets) connection.destroy();
        socket.close(() => resolve());
      }),
  };
}
