/**
 * A mesh snapshot from the App Mesh store: the mesh's spec and every resource in it. Run it inside one
 * read transaction (see ../open.ts) so that it is consistent with the revision read beside it.
 */
import type { MeshSpec } from "@aws-sdk/client-app-mesh";
import { KINDS } from "../../model/resources.js";
import { emptySnapshot, LIST_OF_KIND, type MeshSnapshot } from "../../snapshot/snapshot.js";
import { appMeshError } from "./errors.js";
import type { AppMeshStore, Scope } from "./store.js";

export function readSnapshot(store: AppMeshStore, scope: Scope, mesh: string, revision: string): MeshSnapshot {
  const row = store.get(scope, { kind: "mesh", mesh, parent: "", name: mesh });
  if (!row)
    throw appMeshError("NotFoundException", `Mesh with name ${mesh} is not present for account ${scope.account}`);
  const snapshot = { ...emptySnapshot(mesh, row.spec as MeshSpec), revision };
  for (const [kind, key] of Object.entries(LIST_OF_KIND) as [keyof typeof LIST_OF_KIND, keyof MeshSnapshot][]) {
    const list = snapshot[key] as unknown[];
    for (const { name, parent, spec } of store.list(scope, { kind, mesh }, null, -1)) {
      list.push(KINDS[kind].parent ? { name, parent, spec } : { name, spec });
    }
  }
  return snapshot;
}

/** The names of the meshes of one account and region. */
export function meshNames(store: AppMeshStore, scope: Scope): string[] {
  return store.list(scope, { kind: "mesh" }, null, -1).map((row) => row.name);
}
