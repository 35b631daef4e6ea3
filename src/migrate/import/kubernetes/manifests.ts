/**
 * Kubernetes manifests for the App Mesh controller (`appmesh.k8s.aws/v1beta2`) as `mesh validate`
 * documents, named as the controller names them in App Mesh:
 *
 * - a resource's App Mesh name is `spec.awsName`, else `<name>_<namespace>` (a virtual service:
 *   `<name>.<namespace>`; a mesh, cluster-wide: its name);
 * - a namespaced resource belongs to the mesh in `spec.meshRef`, else to the mesh whose
 *   `namespaceSelector` selects its Namespace's labels (with Namespace objects in the set), else to the
 *   only mesh of the set; a gateway route to its `spec.virtualGatewayRef`, else to the virtual gateway
 *   whose `namespaceSelector` and `gatewayRouteSelector` select it;
 * - `virtualNodeRef`, `virtualRouterRef` and `virtualServiceRef` (namespace defaulting to the referrer's)
 *   name resources of the set; `*ARN` references name them by their ARN; a VirtualNode's
 *   `backendGroups` add the virtual services of those BackendGroups as backends;
 * - a VirtualRouter's `routes` become its routes, each named by its `name`.
 *
 * Objects of other kinds (Deployments, Services…) are left aside and listed.
 */
import { appmesh } from "../../../model/generated/appmesh.js";
import { convert } from "../convert.js";
import type { ImportedDocument, ImportProblem, ImportResult } from "../imported.js";
import { type LabelSelector, selects } from "./selectors.js";

const API_GROUP = "appmesh.k8s.aws/";

interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  spec: Record<string, unknown>;
}

type Ref = { name?: string; namespace?: string } | undefined;

export function isManifest(value: unknown): boolean {
  const object = value as Partial<K8sObject> | null;
  return typeof object?.apiVersion === "string" && typeof object.kind === "string";
}

/** `kind: List` objects (`kubectl get -o yaml`) hold their objects in `items`. */
function flatten(values: unknown[]): K8sObject[] {
  return values.flatMap((value) => {
    const object = value as K8sObject & { items?: unknown[] };
    return object.kind === "List" && Array.isArray(object.items) ? flatten(object.items) : [object];
  });
}

/** The manifests of every file of a set at once: they refer to each other across files. */
export function importManifests(files: { file: string; values: unknown[] }[]): ImportResult {
  const fileOf = new Map<K8sObject, string>();
  for (const { file, values } of files) for (const object of flatten(values)) fileOf.set(object, file);
  return new Manifests(fileOf).import();
}

class Manifests {
  private readonly result: ImportResult = { documents: [], problems: [], skipped: [] };
  private readonly namespaces = new Map<string, Record<string, string>>();
  private readonly objects: K8sObject[] = [];

  constructor(private readonly fileOf: Map<K8sObject, string>) {
    for (const object of fileOf.keys()) {
      object.metadata ??= { name: "" };
      object.spec ??= {};
      if (object.apiVersion === "v1" && object.kind === "Namespace") {
        this.namespaces.set(object.metadata.name, object.metadata.labels ?? {});
      } else if (object.apiVersion.startsWith(API_GROUP)) {
        this.objects.push(object);
      } else {
        this.result.skipped.push(`${object.kind} ${this.id(object)}`);
      }
    }
  }

  import(): ImportResult {
    for (const object of this.objects) {
      try {
        this.importObject(object);
      } catch (error) {
        if (!(error instanceof RefError)) throw error;
        const { path, message } = error;
        this.result.problems.push({ file: this.fileOf.get(object), resource: this.label(object), path, message });
      }
    }
    return this.result;
  }

  private importObject(object: K8sObject): void {
    const { spec } = object;
    const strip = (...keys: string[]) =>
      Object.fromEntries(Object.entries(spec).filter(([key]) => !["awsName", "meshRef", ...keys].includes(key)));
    switch (object.kind) {
      case "Mesh": {
        // A mesh shared by another account is theirs to create: its resources name it as their owner.
        if (spec.meshOwner) {
          this.result.skipped.push(`${this.label(object)} (owned by ${spec.meshOwner})`);
          return;
        }
        this.emit(object, "create-mesh", { meshName: this.awsName(object) }, strip("namespaceSelector"));
        return;
      }
      case "VirtualNode": {
        const nodeSpec = strip("podSelector", "backendGroups");
        nodeSpec.backends = this.backends(object);
        if (!(nodeSpec.backends as unknown[]).length) delete nodeSpec.backends;
        this.emit(object, "create-virtual-node", { virtualNodeName: this.awsName(object) }, nodeSpec);
        return;
      }
      case "VirtualService": {
        const provider = spec.provider as Record<string, Record<string, unknown>> | undefined;
        const serviceSpec = strip();
        if (provider?.virtualNode) {
          const name = this.refName(
            object,
            "VirtualNode",
            provider.virtualNode,
            "virtualNode",
            "spec.provider.virtualNode",
          );
          serviceSpec.provider = { virtualNode: { virtualNodeName: name } };
        } else if (provider?.virtualRouter) {
          const path = "spec.provider.virtualRouter";
          const name = this.refName(object, "VirtualRouter", provider.virtualRouter, "virtualRouter", path);
          serviceSpec.provider = { virtualRouter: { virtualRouterName: name } };
        }
        this.emit(object, "create-virtual-service", { virtualServiceName: this.awsName(object) }, serviceSpec);
        return;
      }
      case "VirtualRouter": {
        const router = this.awsName(object);
        this.emit(object, "create-virtual-router", { virtualRouterName: router }, strip("routes"));
        for (const [i, route] of ((spec.routes as Record<string, unknown>[] | undefined) ?? []).entries()) {
          const { name, ...routeSpec } = route;
          this.targets(object, routeSpec, `spec.routes[${i}]`);
          const input = { virtualRouterName: router, routeName: name };
          this.emit(object, "create-route", input, routeSpec, `spec.routes[${i}]`, `route ${String(name)}`);
        }
        return;
      }
      case "VirtualGateway": {
        const gatewaySpec = strip("namespaceSelector", "podSelector", "gatewayRouteSelector");
        this.emit(object, "create-virtual-gateway", { virtualGatewayName: this.awsName(object) }, gatewaySpec);
        return;
      }
      case "GatewayRoute": {
        const routeSpec = strip("virtualGatewayRef");
        for (const type of ["httpRoute", "http2Route", "grpcRoute"]) {
          const target = ((routeSpec[type] as Record<string, Record<string, unknown>> | undefined)?.action?.target ??
            {}) as Record<string, unknown>;
          const service = target.virtualService as Record<string, unknown> | undefined;
          if (!service) continue;
          const path = `spec.${type}.action.target.virtualService`;
          target.virtualService = {
            virtualServiceName: this.refName(object, "VirtualService", service, "virtualService", path),
          };
        }
        const input = { virtualGatewayName: this.gatewayOf(object), gatewayRouteName: this.awsName(object) };
        this.emit(object, "create-gateway-route", input, routeSpec);
        return;
      }
      case "BackendGroup":
        return; // read through the virtual nodes that name it
      default:
        this.result.skipped.push(`${object.kind} ${this.id(object)}`);
    }
  }

  /** A document for `object`: `names` plus meshName (and meshOwner), and `spec` converted to the API's shape. */
  private emit(
    object: K8sObject,
    operation: string,
    names: Record<string, unknown>,
    spec: Record<string, unknown>,
    specPath = "spec",
    part?: string,
  ): void {
    const resource = part ? `${this.label(object)} ${part}` : this.label(object);
    const mesh = object.kind === "Mesh" ? object : this.meshOf(object);
    const owner = object.kind === "Mesh" ? undefined : mesh?.spec.meshOwner;
    const input = { meshName: mesh ? this.awsName(mesh) : String((object.spec.meshRef as Ref)?.name), ...names };
    const op = appmesh.operations.find((o) => o.cliName === operation);
    const specShape = op?.input?.members.find((m) => m.name === "spec")?.shape ?? "";
    const converted = convert(appmesh, specShape, spec, { sourcePath: specPath, inputPath: "spec" });
    if (converted.problems.length) {
      const file = this.fileOf.get(object);
      this.result.problems.push(
        ...converted.problems.map((problem): ImportProblem => ({ file, resource, ...problem })),
      );
      return;
    }
    const document: ImportedDocument = {
      file: this.fileOf.get(object),
      operation,
      input: { ...input, ...(owner ? { meshOwner: owner } : {}), spec: converted.value ?? {} },
      resource,
      paths: converted.paths,
    };
    document.paths.add("meshName", "metadata.namespace");
    for (const key of Object.keys(names)) document.paths.add(key, "metadata.name");
    this.result.documents.push(document);
  }

  /** The mesh an object belongs to: its meshRef, else the mesh selecting its namespace, else the only mesh. */
  private meshOf(object: K8sObject): K8sObject | undefined {
    const meshes = this.objects.filter((o) => o.kind === "Mesh");
    const ref = object.spec.meshRef as Ref;
    if (ref?.name) return meshes.find((mesh) => mesh.metadata.name === ref.name);
    const labels = this.namespaces.get(this.namespaceOf(object));
    if (labels) {
      const selecting = meshes.filter((mesh) => selects(mesh.spec.namespaceSelector as LabelSelector, labels));
      if (selecting.length === 1) return selecting[0];
      if (selecting.length > 1)
        throw new RefError(`namespace ${this.namespaceOf(object)} is selected by several meshes`, "metadata.namespace");
    }
    if (meshes.length === 1) return meshes[0];
    throw new RefError(
      `cannot tell its mesh: no spec.meshRef, and no Namespace ${this.namespaceOf(object)} in the set whose labels a Mesh's namespaceSelector selects`,
      "metadata.namespace",
    );
  }

  /** The App Mesh name of the virtual gateway a gateway route belongs to. */
  private gatewayOf(route: K8sObject): string {
    const gateways = this.objects.filter((o) => o.kind === "VirtualGateway");
    const ref = route.spec.virtualGatewayRef as Ref;
    if (ref?.name) return this.awsName(this.find(route, "VirtualGateway", ref, "spec.virtualGatewayRef"));
    const namespace = this.namespaces.get(this.namespaceOf(route));
    const labels = route.metadata.labels ?? {};
    const selecting = gateways.filter(
      (gateway) =>
        (namespace === undefined || selects(gateway.spec.namespaceSelector as LabelSelector, namespace)) &&
        (gateway.spec.gatewayRouteSelector === undefined ||
          selects(gateway.spec.gatewayRouteSelector as LabelSelector, labels)),
    );
    if (selecting.length === 1) return this.awsName(selecting[0] as K8sObject);
    const why = selecting.length ? "several VirtualGateways select it" : "no VirtualGateway of the set selects it";
    throw new RefError(`cannot tell its virtual gateway: no spec.virtualGatewayRef, and ${why}`, "metadata");
  }

  /** The node's backends, with those of its backend groups, each naming its virtual service. */
  private backends(node: K8sObject): Record<string, unknown>[] {
    const backends = ((node.spec.backends as Record<string, Record<string, unknown>>[] | undefined) ?? []).map(
      (backend, i) => {
        const { virtualServiceRef, virtualServiceARN, ...rest } = backend.virtualService ?? {};
        const path = `spec.backends[${i}].virtualService`;
        const name = this.refName(
          node,
          "VirtualService",
          { virtualServiceRef, virtualServiceARN },
          "virtualService",
          path,
        );
        return { virtualService: { virtualServiceName: name, ...rest } };
      },
    );
    const named = new Set(backends.map((b) => (b.virtualService as Record<string, unknown>).virtualServiceName));
    for (const [i, ref] of ((node.spec.backendGroups as Ref[] | undefined) ?? []).entries()) {
      const group = this.find(node, "BackendGroup", ref, `spec.backendGroups[${i}]`);
      for (const [j, service] of (
        (group.spec.virtualServices as Record<string, unknown>[] | undefined) ?? []
      ).entries()) {
        const path = `BackendGroup ${this.id(group)} spec.virtualServices[${j}]`;
        const name = this.refName(group, "VirtualService", service, "virtualService", path);
        if (!named.has(name)) backends.push({ virtualService: { virtualServiceName: name } });
        named.add(name);
      }
    }
    return backends;
  }

  /** A route's weighted targets, each naming its virtual node. */
  private targets(router: K8sObject, route: Record<string, unknown>, path: string): void {
    for (const type of ["httpRoute", "http2Route", "grpcRoute", "tcpRoute"]) {
      const action = (route[type] as Record<string, Record<string, unknown>> | undefined)?.action;
      const targets = (action?.weightedTargets as Record<string, unknown>[] | undefined) ?? [];
      for (const [i, target] of targets.entries()) {
        const at = `${path}.${type}.action.weightedTargets[${i}]`;
        const name = this.refName(router, "VirtualNode", target, "virtualNode", at);
        delete target.virtualNodeRef;
        delete target.virtualNodeARN;
        target.virtualNode = name;
      }
    }
  }

  /** The App Mesh name a `<prefix>Ref` or `<prefix>ARN` member of `holder` refers to. */
  private refName(
    referrer: K8sObject,
    kind: string,
    holder: Record<string, unknown>,
    prefix: string,
    path: string,
  ): string {
    const arn = holder[`${prefix}ARN`];
    if (typeof arn === "string") return arn.slice(arn.lastIndexOf("/") + 1);
    const ref = holder[`${prefix}Ref`] as Ref;
    if (!ref) throw new RefError(`needs ${prefix}Ref or ${prefix}ARN`, path);
    return this.awsName(this.find(referrer, kind, ref, `${path}.${prefix}Ref`));
  }

  private find(referrer: K8sObject, kind: string, ref: Ref, path: string): K8sObject {
    const namespace = ref?.namespace ?? this.namespaceOf(referrer);
    const found = this.objects.find(
      (o) => o.kind === kind && o.metadata.name === ref?.name && this.namespaceOf(o) === namespace,
    );
    if (!found) throw new RefError(`${kind} ${namespace}/${ref?.name} is not in the manifests`, path);
    return found;
  }

  /** The controller's naming: awsName, else `name_namespace` (`name.namespace` for a virtual service; a mesh: its name). */
  private awsName(object: K8sObject): string {
    const given = object.spec.awsName;
    if (typeof given === "string" && given) return given;
    if (object.kind === "Mesh") return object.metadata.name;
    const separator = object.kind === "VirtualService" ? "." : "_";
    return `${object.metadata.name}${separator}${this.namespaceOf(object)}`;
  }

  private namespaceOf(object: K8sObject): string {
    return object.metadata.namespace ?? "default";
  }

  private id(object: K8sObject): string {
    return object.kind === "Mesh" || !object.metadata.namespace
      ? object.metadata.name
      : `${object.metadata.namespace}/${object.metadata.name}`;
  }

  private label(object: K8sObject): string {
    return `${object.kind} ${object.kind === "Mesh" ? object.metadata.name : `${this.namespaceOf(object)}/${object.metadata.name}`}`;
  }
}

class RefError extends Error {
  constructor(
    message: string,
    readonly path: string,
  ) {
    super(message);
  }
}
