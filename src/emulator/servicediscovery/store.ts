/**
 * Cloud Map's persistent state, as the service layer sees it: namespaces, services, instances, the
 * operations that changed them, and the request tokens that make retries safe. Every method is scoped
 * by account and region; lists come in creation order (then id), the order paging relies on.
 */
import type { Scope } from "../state/scope.js";

export type { Scope };

/** A tag in the SDK's shape. */
export interface Tag {
  Key: string;
  Value: string;
}

export type NamespaceType = "HTTP" | "DNS_PUBLIC" | "DNS_PRIVATE";
export type HealthStatus = "HEALTHY" | "UNHEALTHY";
type Json = Record<string, unknown>;

export interface NamespaceRecord {
  id: string;
  arn: string;
  name: string;
  type: NamespaceType;
  description?: string;
  creatorRequestId?: string;
  /** The SDK's NamespaceProperties (DnsProperties, HttpProperties). */
  properties: Json;
  /** Epoch milliseconds. */
  createdAt: number;
  tags: Tag[];
}

export interface ServiceRecord {
  id: string;
  arn: string;
  namespaceId: string;
  name: string;
  /** HTTP: found with DiscoverInstances only; DNS_HTTP: with DNS queries too. */
  type: "HTTP" | "DNS_HTTP";
  description?: string;
  creatorRequestId?: string;
  dnsConfig?: Json;
  healthCheckConfig?: Json;
  healthCheckCustomConfig?: Json;
  /** Service attributes (GetServiceAttributes). */
  attributes?: Record<string, string>;
  /** Changes with every registration and deregistration of an instance (DiscoverInstances' InstancesRevision). */
  instancesRevision?: number;
  createdAt: number;
  tags: Tag[];
}

export interface InstanceRecord {
  serviceId: string;
  id: string;
  attributes: Record<string, string>;
  creatorRequestId?: string;
  /** The instance's own status; what callers see also depends on the service's health checking. */
  health: HealthStatus;
  createdAt: number;
}

export interface OperationRecord {
  id: string;
  type: string;
  status: "SUBMITTED" | "PENDING" | "SUCCESS" | "FAIL";
  /** NAMESPACE, SERVICE and INSTANCE ids the operation acted on. */
  targets: Record<string, string>;
  createdAt: number;
  updatedAt: number;
}

/** What a request with a client token did, so a retry can be recognised. */
export interface TokenRecord {
  fingerprint: string;
  /** The id the request returned (an operation or a service id). */
  result: string;
}

export interface CloudMapStore {
  /** Runs `fn` in one write transaction: all of it lands, or none of it. */
  write<T>(fn: () => T): T;
  /** Runs `fn` against one consistent snapshot. */
  read<T>(fn: () => T): T;

  getNamespace(scope: Scope, id: string): NamespaceRecord | undefined;
  namespaceByName(scope: Scope, name: string): NamespaceRecord | undefined;
  listNamespaces(scope: Scope): NamespaceRecord[];
  putNamespace(scope: Scope, namespace: NamespaceRecord): void;
  deleteNamespace(scope: Scope, id: string): void;

  getService(scope: Scope, id: string): ServiceRecord | undefined;
  serviceByName(scope: Scope, namespaceId: string, name: string): ServiceRecord | undefined;
  /** All services, or those of one namespace. */
  listServices(scope: Scope, namespaceId?: string): ServiceRecord[];
  countServices(scope: Scope, namespaceId: string): number;
  putService(scope: Scope, service: ServiceRecord): void;
  deleteService(scope: Scope, id: string): void;

  getInstance(scope: Scope, serviceId: string, id: string): InstanceRecord | undefined;
  listInstances(scope: Scope, serviceId: string): InstanceRecord[];
  countInstances(scope: Scope, serviceId: string): number;
  putInstance(scope: Scope, instance: InstanceRecord): void;
  deleteInstance(scope: Scope, serviceId: string, id: string): void;

  getOperation(scope: Scope, id: string): OperationRecord | undefined;
  listOperations(scope: Scope): OperationRecord[];
  putOperation(scope: Scope, operation: OperationRecord): void;

  getToken(scope: Scope, operation: string, token: string): TokenRecord | undefined;
  putToken(scope: Scope, operation: string, token: string, record: TokenRecord, at: number): void;
}
