/**
 * AWS Cloud Map (servicediscovery), emulated: the operations App Mesh's `awsCloudMap` service discovery
 * relies on, on a CloudMapStore. Inputs and outputs are the SDK's shapes (model member names,
 * timestamps as Date), so the CLI and the JSON 1.1 server (and the planned data plane) call the same code. Time and
 * ids come from outside, so tests can pin them.
 */
import { servicediscovery } from "../../model/generated/servicediscovery.js";
import { operationByName } from "../../model/models.js";
import { checkInput } from "../../validate/check-input.js";
import { AWS_JSON_PATHS } from "../../validate/constraints.js";
import { formatValidationReport } from "../../validate/params.js";
import { serviceMessage } from "../../validate/problem.js";
import { type Context, DEFAULT_QUOTAS, type Output, type Params, type Quotas } from "./context.js";
import { discover, discoverInstances, discoverInstancesRevision, type Endpoint, endpointsOf } from "./discovery.js";
import { invalidInput } from "./errors.js";
import { type NewId, randomId } from "./ids.js";
import * as instances from "./instances.js";
import * as namespaces from "./namespaces.js";
import { getOperation, listOperations } from "./operations.js";
import * as serviceAttributes from "./service-attributes.js";
import * as services from "./services.js";
import type { CloudMapStore, Scope } from "./store.js";
import { listTagsForResource, tagResource, untagResource } from "./tags.js";

export type { Endpoint, Output, Params };

export interface CloudMapEmulatorOptions {
  store: CloudMapStore;
  scope: Scope;
  /** Epoch milliseconds. */
  now?: () => number;
  /** `length` lowercase letters and digits: the random part of every id. */
  newId?: NewId;
  quotas?: Partial<Quotas>;
}

/** One operation's rules; `operation` tells the variants of a shared handler apart. */
type Handler = (ctx: Context, input: Params, operation: string) => Output;

/** Every operation, and whether it writes. */
const OPERATIONS: Record<string, { write: boolean; run: Handler }> = {
  CreateHttpNamespace: { write: true, run: namespaces.createNamespace },
  CreatePrivateDnsNamespace: { write: true, run: namespaces.createNamespace },
  CreatePublicDnsNamespace: { write: true, run: namespaces.createNamespace },
  UpdateHttpNamespace: { write: true, run: namespaces.updateNamespace },
  UpdatePrivateDnsNamespace: { write: true, run: namespaces.updateNamespace },
  UpdatePublicDnsNamespace: { write: true, run: namespaces.updateNamespace },
  DeleteNamespace: { write: true, run: namespaces.deleteNamespace },
  GetNamespace: { write: false, run: namespaces.getNamespace },
  ListNamespaces: { write: false, run: namespaces.listNamespaces },
  CreateService: { write: true, run: services.createService },
  UpdateService: { write: true, run: services.updateService },
  DeleteService: { write: true, run: services.deleteService },
  GetService: { write: false, run: services.getService },
  ListServices: { write: false, run: services.listServices },
  GetServiceAttributes: { write: false, run: serviceAttributes.getServiceAttributes },
  UpdateServiceAttributes: { write: true, run: serviceAttributes.updateServiceAttributes },
  DeleteServiceAttributes: { write: true, run: serviceAttributes.deleteServiceAttributes },
  RegisterInstance: { write: true, run: instances.registerInstance },
  DeregisterInstance: { write: true, run: instances.deregisterInstance },
  GetInstance: { write: false, run: instances.getInstance },
  ListInstances: { write: false, run: instances.listInstances },
  GetInstancesHealthStatus: { write: false, run: instances.getInstancesHealthStatus },
  UpdateInstanceCustomHealthStatus: { write: true, run: instances.updateInstanceCustomHealthStatus },
  DiscoverInstances: { write: false, run: discoverInstances },
  DiscoverInstancesRevision: { write: false, run: discoverInstancesRevision },
  GetOperation: { write: false, run: getOperation },
  ListOperations: { write: false, run: listOperations },
  TagResource: { write: true, run: tagResource },
  UntagResource: { write: true, run: untagResource },
  ListTagsForResource: { write: false, run: listTagsForResource },
};

export class CloudMapEmulator {
  readonly scope: Scope;
  private readonly ctx: Context;

  constructor(options: CloudMapEmulatorOptions) {
    this.scope = options.scope;
    this.ctx = {
      store: options.store,
      scope: options.scope,
      now: options.now ?? Date.now,
      newId: options.newId ?? randomId,
      quotas: { ...DEFAULT_QUOTAS, ...options.quotas },
    };
  }

  /** Runs one API operation (`CreateHttpNamespace`, …) and returns its output, or throws a CloudMapError. */
  call(operation: string, input: Params): Output {
    const handler = OPERATIONS[operation];
    const op = operationByName(servicediscovery, operation);
    if (!handler || !op) throw invalidInput(`Unknown operation ${operation}`);
    const check = checkInput(servicediscovery, op, input, AWS_JSON_PATHS);
    if (check.client.length)
      throw invalidInput(formatValidationReport(check.client.map((p) => p.botocore ?? p.message)));
    if (check.service.length) throw invalidInput(serviceMessage(check.service));
    const { store } = this.ctx;
    const run = () => handler.run(this.ctx, input, operation);
    return handler.write ? store.write(run) : store.read(run);
  }

  /**
   * Where a Cloud Map backed virtual node's traffic goes (`mesh up` and the xDS server ask). The
   * healthy instances (all of them when the service has no health checking) of the service, whose attributes
   * include every `attributes` pair (App Mesh's `awsCloudMap.attributes`). Throws NamespaceNotFound or
   * ServiceNotFound as DiscoverInstances does.
   */
  endpoints(namespaceName: string, serviceName: string, attributes: Record<string, string> = {}): Endpoint[] {
    return this.ctx.store.read(() => {
      const query = { namespaceName, serviceName, queryParameters: attributes, healthStatus: "HEALTHY" } as const;
      return endpointsOf(discover(this.ctx, query).instances);
    });
  }
}
