/**
 * One mesh, whole: its spec and every resource in it, in the SDK's spec shapes, plus a revision. It is
 * the single input of `mesh graph`, of `mesh validate`'s checks across resources and of the data
 * plane's config translation, whichever source it was read from: the local state (one read
 * transaction), any backend (list and describe calls), or a set of input documents.
 */

import { createHash } from "node:crypto";
import type {
  GatewayRouteSpec,
  MeshSpec,
  RouteSpec,
  VirtualGatewaySpec,
  VirtualNodeSpec,
  VirtualRouterSpec,
  VirtualServiceSpec,
} from "@aws-sdk/client-app-mesh";
import type { KindId } from "../model/resources.js";
import { stableJson } from "../model/stable-json.js";

/**
 * The resource of another format (a CloudFormation template, Kubernetes manifests…) a document was
 * imported from: how its file names it (`Resources.CatalogV1`), and where a member of the operation
 * input (`spec.listeners[0].portMapping.port`) was written there.
 */
export interface DocumentSource {
  resource: string;
  path(inputPath: string): string;
}

/** Where a resource was declared, when it comes from input documents: what problems point at. */
export interface Origin {
  file: string;
  /** Which document of the file (0-based). */
  index: number;
  documentsInFile: number;
  /** The CLI name of the document's operation (`create-route`). */
  operation: string;
  source?: DocumentSource;
}

export interface Resource<Spec> {
  name: string;
  spec: Spec;
  origin?: Origin;
}

/** A route or gateway route: `parent` names its virtual router or virtual gateway. */
export interface ChildResource<Spec> extends Resource<Spec> {
  parent: string;
}

export interface MeshSnapshot {
  mesh: string;
  meshSpec: MeshSpec;
  /**
   * Changes whenever the mesh may have changed: the state's revision when read from the local state,
   * else a digest of the content.
   */
  revision: string;
  virtualGateways: Resource<VirtualGatewaySpec>[];
  gatewayRoutes: ChildResource<GatewayRouteSpec>[];
  virtualServices: Resource<VirtualServiceSpec>[];
  virtualRouters: Resource<VirtualRouterSpec>[];
  routes: ChildResource<RouteSpec>[];
  virtualNodes: Resource<VirtualNodeSpec>[];
}

/** The list that holds each kind below the mesh. */
export const LIST_OF_KIND = {
  virtualGateway: "virtualGateways",
  gatewayRoute: "gatewayRoutes",
  virtualService: "virtualServices",
  virtualRouter: "virtualRouters",
  route: "routes",
  virtualNode: "virtualNodes",
} as const satisfies Record<Exclude<KindId, "mesh">, keyof MeshSnapshot>;

export function emptySnapshot(mesh: string, meshSpec: MeshSpec = {}): MeshSnapshot {
  return {
    mesh,
    meshSpec,
    revision: "",
    virtualGateways: [],
    gatewayRoutes: [],
    virtualServices: [],
    virtualRouters: [],
    routes: [],
    virtualNodes: [],
  };
}

/** A digest of what the snapshot holds (origins left out): equal content, equal revision. */
export function contentRevision(snapshot: MeshSnapshot): string {
  const content = JSON.parse(
    JSON.stringify({ ...snapshot, revision: "" }, (key, value) => (key === "origin" ? undefined : value)),
  );
  return createHash("sha256").update(stableJson(content)).digest("hex").slice(0, 16);
}
