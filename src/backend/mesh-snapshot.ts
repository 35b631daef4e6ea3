/**
 * A mesh snapshot from a backend (the local emulator, `mesh serve` or AWS), through list and describe
 * calls only: every page of each list, then one describe per resource for its spec. A missing mesh is
 * the service's own NotFoundException from DescribeMesh. The revision is a digest of the content.
 */
import type { MeshSpec } from "@aws-sdk/client-app-mesh";
import { appmesh } from "../model/generated/appmesh.js";
import { operationByName } from "../model/models.js";
import { KINDS, type KindId } from "../model/resources.js";
import { ServiceError } from "../model/service-error.js";
import { contentRevision, type MeshSnapshot } from "../snapshot/snapshot.js";
import type { Backend, Output, Params } from "./backend.js";

/** Describe calls in flight at once: enough to hide latency on AWS, few enough to stay under its throttle. */
const CONCURRENCY = 8;

export async function snapshotFromBackend(backend: Backend, mesh: string): Promise<MeshSnapshot> {
  const api = new Api(backend);
  const described = await api.call("DescribeMesh", { meshName: mesh });
  const meshSpec = ((described.mesh as { spec?: MeshSpec } | undefined)?.spec ?? {}) as MeshSpec;
  const scope = { meshName: mesh };
  const [virtualGateways, virtualServices, virtualRouters, virtualNodes] = await Promise.all([
    api.resources("virtualGateway", scope),
    api.resources("virtualService", scope),
    api.resources("virtualRouter", scope),
    api.resources("virtualNode", scope),
  ]);
  const children = async (kind: "route" | "gatewayRoute", parents: { name: string }[]) => {
    const parentMember = KINDS[KINDS[kind].parent as KindId].nameMember; // virtualRouterName, virtualGatewayName
    const each = parents.map(async ({ name: parent }) =>
      (await api.resources(kind, { ...scope, [parentMember]: parent })).map((child) => ({ ...child, parent })),
    );
    return (await Promise.all(each)).flat();
  };
  const [gatewayRoutes, routes] = await Promise.all([
    children("gatewayRoute", virtualGateways),
    children("route", virtualRouters),
  ]);
  // The specs are the service's output, in the SDK's shapes: each list is typed by its place here.
  const snapshot = {
    mesh,
    meshSpec,
    revision: "",
    virtualGateways,
    gatewayRoutes,
    virtualServices,
    virtualRouters,
    routes,
    virtualNodes,
  } as MeshSnapshot;
  return { ...snapshot, revision: contentRevision(snapshot) };
}

class Api {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly backend: Backend) {}

  /** Every resource of a kind under `scope`: all pages of List<Kinds>, then Describe<Kind> for each. */
  async resources(id: KindId, scope: Params): Promise<{ name: string; spec: unknown }[]> {
    const kind = KINDS[id];
    const list = `List${kind.plural}`;
    const resultKey = operationByName(appmesh, list)?.paginator?.resultKey ?? kind.plural;
    const refs: Output[] = [];
    let nextToken: unknown;
    do {
      const page = await this.call(list, nextToken === undefined ? scope : { ...scope, nextToken });
      refs.push(...((page[resultKey] as Output[] | undefined) ?? []));
      nextToken = page.nextToken;
    } while (nextToken);
    return Promise.all(
      refs.map(async (ref) => {
        const name = String(ref[kind.nameMember]);
        const output = await this.call(`Describe${kind.label}`, { ...scope, [kind.nameMember]: name });
        // Describe<Kind>'s output holds the resource under the kind's id (`virtualNode`).
        return { name, spec: (output[kind.id] as { spec?: unknown } | undefined)?.spec ?? {} };
      }),
    );
  }

  /** One operation, at most CONCURRENCY at a time; a service error names the operation, as the CLI's do. */
  async call(name: string, input: Params): Promise<Output> {
    const operation = operationByName(appmesh, name);
    if (!operation) throw new Error(`${name} is not an App Mesh operation`);
    await this.slot();
    try {
      return await this.backend.call(operation, input);
    } catch (error) {
      throw error instanceof ServiceError ? error.during(operation.name) : error;
    } finally {
      this.release();
    }
  }

  private async slot(): Promise<void> {
    if (this.running < CONCURRENCY) {
      this.running++;
      return;
    }
    await new Promise<void>((resume) => this.waiting.push(resume)); // release() hands its slot over
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.running--;
  }
}
