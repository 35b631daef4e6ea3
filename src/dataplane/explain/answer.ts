/**
 * App Mesh's own answer to a request, in the shape every evaluator of `mesh route-check --against`
 * answers in (src/migrate/evaluate/decision.ts): the virtual service and route, the virtual nodes with
 * their weights, and what a gateway rewrote; or no match (the proxy's own reply). It is explain(), so
 * the proxy's routing.
 */
import type { MeshSnapshot } from "../../snapshot/snapshot.js";
import { explain, type Origin } from "./explain.js";

export interface AnswerRequest {
  method?: string;
  url: string;
  headers?: Record<string, string>;
}

export type Answer =
  | {
      virtualService: string;
      route?: string;
      targets: { host: string; virtualNode: string; port?: number; weight: number }[];
      rewrite?: { path?: string; authority?: string };
    }
  | { noMatch: string };

export function appMeshAnswer(snapshot: MeshSnapshot, origin: Origin, request: AnswerRequest): Answer {
  const headers = Object.fromEntries(Object.entries(request.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
  const decision = explain(snapshot, origin, {
    method: (request.method ?? "GET").toUpperCase(),
    url: request.url,
    headers,
  });
  if (decision.kind === "passthrough") return { noMatch: `passed through, outside the mesh (${decision.decidedBy})` };
  if (decision.kind === "local-reply")
    return { noMatch: `${decision.status} ${decision.flags}: ${decision.decidedBy}` };
  return {
    virtualService: decision.virtualService,
    route: decision.gateway ? `${decision.gateway.gatewayRoute}.${decision.route}` : decision.route,
    targets: decision.targets.map((t) => ({
      host: t.virtualNode,
      virtualNode: t.virtualNode,
      ...(t.port === undefined ? {} : { port: t.port }),
      weight: t.weight,
    })),
    ...(decision.gateway ? { rewrite: { path: decision.gateway.path, authority: decision.gateway.authority } } : {}),
  };
}
