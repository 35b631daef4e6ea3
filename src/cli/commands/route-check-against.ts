/**
 * `mesh route-check --against istio|gateway-api`: the other system's answer for each request of the
 * table, from the mesh exported now (or from the files `--export` names, to check an export as it was
 * written and perhaps edited), by that system's evaluator (src/migrate/evaluate/).
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { extname, join, resolve } from "node:path";
import type { Evaluator } from "../../migrate/evaluate/decision.js";
import type { MeshSnapshot } from "../../snapshot/snapshot.js";
import { invalidChoiceMessage } from "../choices.js";
import { CliError, EXIT, usageError } from "../errors.js";
import { loadMigrate } from "./migrate.js";

export const AGAINST = ["istio", "gateway-api"] as const;
export type Against = (typeof AGAINST)[number];

export function checkAgainst(value: string): Against {
  if (!(AGAINST as readonly string[]).includes(value))
    throw usageError(invalidChoiceMessage("--against", value, [...AGAINST]));
  return value as Against;
}

/**
 * The evaluator of the other system, on an export of `snapshot` or on the objects in `paths`. Requests
 * are addressed as the export receives them: Gateway API routes attach to Services, so a virtual
 * service's name becomes the host of the Service it was exported as.
 */
export async function otherSystem(
  against: Against,
  snapshot: MeshSnapshot,
  paths: string[] | undefined,
  cwd: string,
): Promise<Evaluator> {
  const objects = paths ? await readObjects(paths, cwd) : await exportNow(against, snapshot);
  const { gatewayApiEvaluator, istioEvaluator, labelName, serviceHost } = await loadMigrate();
  if (against === "istio") return istioEvaluator(objects);
  const evaluate = gatewayApiEvaluator(objects);
  const namespace = labelName(snapshot.mesh);
  return (request) => {
    if (request.gateway !== undefined) return evaluate(request);
    const url = request.url.replace(
      /^(\w+:\/\/)([^/:?#]+)/,
      (_, scheme: string, host: string) => scheme + serviceHost(host, namespace),
    );
    return evaluate({ ...request, url });
  };
}

async function exportNow(against: Against, snapshot: MeshSnapshot): Promise<unknown[]> {
  const { EXPORTERS, labelName } = await loadMigrate();
  const exporter = EXPORTERS[against];
  return exporter(snapshot, { namespace: labelName(snapshot.mesh) }).files.flatMap((file) => file.documents);
}

/** Every object in the YAML or JSON files under `paths`. */
async function readObjects(paths: string[], cwd: string): Promise<unknown[]> {
  const { parseAllDocuments } = await import("yaml");
  const files: string[] = [];
  const visit = (path: string) => {
    if (statSync(path).isDirectory()) for (const entry of readdirSync(path).sort()) visit(join(path, entry));
    else if ([".yaml", ".yml", ".json"].includes(extname(path).toLowerCase())) files.push(path);
  };
  for (const path of paths) {
    try {
      visit(resolve(cwd, path));
    } catch {
      throw usageError(`argument --export: no such file or directory: '${path}'`);
    }
  }
  return files.flatMap((file) =>
    parseAllDocuments(readFileSync(file, "utf8")).flatMap((document) => {
      if (document.errors.length)
        throw new CliError(`${file}: invalid YAML: ${document.errors[0]?.message}`, EXIT.usage);
      const value = document.toJS();
      return Array.isArray(value) ? value : value === null ? [] : [value];
    }),
  );
}
