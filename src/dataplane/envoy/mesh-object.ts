/**
 * Which mesh object an Envoy object stands for, recorded by translation in its metadata, so that every
 * reply the proxy makes itself can name the route, virtual service, virtual node or egress filter that
 * decided it, without the proxy ever reading a mesh resource.
 */
import type { Metadata } from "./common.js";

/** The metadata namespace translation writes. */
export const MESH_NAMESPACE = "mesh";

export interface MeshObject {
  /** The resource path of an App Mesh ARN: `mesh/colors/virtualRouter/colors-router/route/canary`. */
  object: string;
  /** Why requests end here when they do, in a few words (a route dropped, an egress filter). */
  reason?: string;
  /** Route configurations: hosts that name a backend of the node which no virtual service provides, with why. */
  unresolved?: Record<string, string>;
}

export function meshMetadata(mesh: MeshObject): Metadata {
  return { filter_metadata: { [MESH_NAMESPACE]: { ...mesh } } };
}

export function meshObjectOf(metadata: Metadata | undefined): MeshObject | undefined {
  return metadata?.filter_metadata[MESH_NAMESPACE] as MeshObject | undefined;
}

/** A listener of `mesh up` that stands for an application endpoint: where intercepted traffic was going. */
export const ORIGINAL_DESTINATION = "original_destination";
