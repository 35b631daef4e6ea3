/**
 * `mesh delete-mesh --cascade`: everything in a mesh, deleted in the order App Mesh requires (nothing
 * is deleted while something still refers to it): gateway routes, virtual gateways, routes, virtual
 * services, virtual routers, virtual nodes, then the mesh. Each step deletes its resources a few at a
 * time. The plan is read from the backend when the run starts, so a run that stopped midway is
 * finished by running it again; a resource already gone counts as deleted.
 */
import { KINDS, type Kind, type KindId } from "../../model/resources.js";
import { Api, type Caller, eachConcurrently, isNotFound, type Output } from "../calls/api.js";

export interface Doomed {
  kind: Kind;
  /** The resource's names, as Delete<Kind> takes them. */
  names: Record<string, string>;
  /** `shop/ingress/catalog`: mesh, parent and name. */
  label: string;
}

/** The order of deletion, as App Mesh's references require. */
export const DELETE_ORDER: KindId[] = [
  "gatewayRoute",
  "virtualGateway",
  "route",
  "virtualService",
  "virtualRouter",
  "virtualNode",
  "mesh",
];

/** Every resource of the mesh, in the order they must be deleted. NotFoundException if there is no such mesh. */
export async function deletionPlan(caller: Caller, mesh: string): Promise<Doomed[]> {
  const api = new Api(caller);
  await api.call("DescribeMesh", { meshName: mesh });
  const scope = { meshName: mesh };
  const names = async (kind: Kind, extra: Record<string, string> = {}) =>
    (await api.all(`List${kind.plural}`, { ...scope, ...extra }, listKey(kind))).map(
      (ref: Output) =>
        ({ ...scope, ...extra, [kind.nameMember]: String(ref[kind.nameMember]) }) as Record<string, string>,
    );
  const [gateways, routers, services, nodes] = await Promise.all([
    names(KINDS.virtualGateway),
    names(KINDS.virtualRouter),
    names(KINDS.virtualService),
    names(KINDS.virtualNode),
  ]);
  const children = async (kind: Kind, parents: Record<string, string>[]) => {
    const parentMember = KINDS[kind.parent as KindId].nameMember;
    const each = parents.map((parent) => names(kind, { [parentMember]: String(parent[parentMember]) }));
    return (await Promise.all(each)).flat();
  };
  const [gatewayRoutes, routes] = await Promise.all([
    children(KINDS.gatewayRoute, gateways),
    children(KINDS.route, routers),
  ]);
  const byKind: Record<KindId, Record<string, string>[]> = {
    gatewayRoute: gatewayRoutes,
    virtualGateway: gateways,
    route: routes,
    virtualService: services,
    virtualRouter: routers,
    virtualNode: nodes,
    mesh: [scope],
  };
  return DELETE_ORDER.flatMap((id) => byKind[id].map((resourceNames) => doomed(KINDS[id], resourceNames)));
}

function listKey(kind: Kind): string {
  return kind.plural.charAt(0).toLowerCase() + kind.plural.slice(1);
}

function doomed(kind: Kind, names: Record<string, string>): Doomed {
  const parent = kind.parent ? [names[KINDS[kind.parent].nameMember]] : [];
  const own = kind.id === "mesh" ? [] : [names[kind.nameMember]];
  return { kind, names, label: [names.meshName, ...parent, ...own].join("/") };
}

/**
 * Deletes the plan, step by step. On a failure, `CascadeError` carries what is left (the failed
 * resource and everything not yet deleted).
 */
export async function deleteAll(caller: Caller, plan: Doomed[], deleted: (item: Doomed) => void): Promise<void> {
  const api = new Api(caller);
  const done = new Set<Doomed>();
  for (const id of DELETE_ORDER) {
    const step = plan.filter((item) => item.kind.id === id);
    try {
      await eachConcurrently(step, async (item) => {
        await api.call(`Delete${item.kind.label}`, item.names).catch((error: unknown) => {
          if (!isNotFound(error)) throw error;
        });
        done.add(item);
        deleted(item);
      });
    } catch (error) {
      throw new CascadeError(
        error,
        plan.filter((item) => !done.has(item)),
      );
    }
  }
}

export class CascadeError extends Error {
  override readonly name = "CascadeError";
  constructor(
    readonly failure: unknown,
    readonly left: Doomed[],
  ) {
    super(failure instanceof Error ? failure.message : String(failure));
  }
}
