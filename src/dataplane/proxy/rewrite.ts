/** What a route does to the path on the way upstream (the proxy applies it; `mesh explain` shows it). */
import type { CompiledRoute } from "./route-table.js";

/** The route's path rewrite: its prefix (the matched prefix replaced) or a regex over the path, the query kept. */
export function rewritePath(route: CompiledRoute, path: string): string {
  const action = route.config.route;
  const prefix = route.config.match.prefix;
  if (action?.prefix_rewrite !== undefined && prefix !== undefined)
    return action.prefix_rewrite + path.slice(prefix.length);
  const regex = action?.regex_rewrite;
  if (!regex) return path;
  const at = path.indexOf("?");
  const [pathOnly, query] = at < 0 ? [path, ""] : [path.slice(0, at), path.slice(at)];
  return pathOnly.replace(new RegExp(regex.pattern.regex), regex.substitution) + query;
}
