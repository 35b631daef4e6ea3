/**
 * method + path → operation, derived from the model's URI templates (`/v20190125/meshes/{meshName}`).
 * Templates become anchored regexes tried longest first, as moto does, so the most specific template
 * wins. Paths are matched still percent-encoded and each label is decoded after, so `a%2Fb` is one
 * label holding `a/b`.
 */
import type { Operation, ServiceModel } from "../../model/types.js";

export interface RouteMatch {
  operation: Operation;
  /** Decoded path labels by name (`meshName` → `a/b`). */
  labels: Record<string, string>;
}

interface Route {
  operation: Operation;
  pattern: RegExp;
  labelNames: string[];
}

export class RouteTable {
  private readonly routes: Route[];

  constructor(model: ServiceModel) {
    this.routes = [...model.operations]
      .sort((a, b) => b.http.requestUri.length - a.http.requestUri.length)
      .map((operation) => compile(operation));
  }

  /**
   * The operation bound to this method and path, or undefined. Throws URIError when a label matched
   * but is not valid percent-encoding.
   */
  match(method: string, path: string): RouteMatch | undefined {
    for (const route of this.routes) {
      if (route.operation.http.method !== method) continue;
      const found = route.pattern.exec(path);
      if (!found) continue;
      const labels: Record<string, string> = {};
      route.labelNames.forEach((name, i) => {
        labels[name] = decodeURIComponent(found[i + 1] ?? "");
      });
      return { operation: route.operation, labels };
    }
    return undefined;
  }
}

/** Each `{label}` matches one path segment. */
function compile(operation: Operation): Route {
  const labelNames: string[] = [];
  const source = operation.http.requestUri
    .split(/\{([^}]+)\}/)
    .map((part, i) => {
      if (i % 2 === 0) return part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      labelNames.push(part);
      return "([^/]+)";
    })
    .join("");
  return { operation, pattern: new RegExp(`^${source}$`), labelNames };
}
