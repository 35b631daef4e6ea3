/**
 * The question an evaluator answers: given a request, where does a configuration send it? One
 * interface for every system (`mesh route-check` compares their answers): an evaluator of App Mesh's
 * semantics, of an exported Istio configuration, of an exported Gateway API configuration.
 */

export interface RouteRequest {
  /** `GET` when not given. */
  method?: string;
  /**
   * Scheme, authority (host and port) and path with query: `http://catalog.shop.svc.cluster.local:8080/items?page=2`.
   * `tcp://ledger.shop.svc.cluster.local:5432` is a TCP connection.
   */
  url: string;
  /** Request headers (names in any case). */
  headers?: Record<string, string>;
  /** The gateway the request enters through (its name in the configuration); absent: from inside the mesh. */
  gateway?: string;
}

export interface Target {
  /** The destination host (`catalog-v1.shop.svc.cluster.local`). */
  host: string;
  port?: number;
  /** An Istio subset. */
  subset?: string;
  /** The App Mesh virtual node it stands for, when the configuration says. */
  virtualNode?: string;
  /** As the configuration gives it (Istio's add up to 100; Gateway API's are relative). */
  weight: number;
}

export type Decision =
  | {
      /** The object that routed the request: an App Mesh virtual service, an Istio VirtualService, a Gateway API route (`namespace/name`). */
      virtualService: string;
      /** The route (rule) of it that matched, when it is named. */
      route?: string;
      targets: Target[];
      /** How the request is rewritten before it is sent on. */
      rewrite?: { path?: string; authority?: string };
    }
  | { noMatch: string };

export type Evaluator = (request: RouteRequest) => Decision;
