/**
 * A Cloud Map emulator on a private in-memory store, with a pinned clock (advanced by hand) and ids
 * counted up from 1, and shorthands for the calls most tests start with.
 */
import assert from "node:assert/strict";
import type { Quotas } from "../../../src/emulator/servicediscovery/context.js";
import { CloudMapError } from "../../../src/emulator/servicediscovery/errors.js";
import { CloudMapEmulator } from "../../../src/emulator/servicediscovery/service.js";
import { SqliteCloudMapStore } from "../../../src/emulator/servicediscovery/sqlite-store.js";
import { StateDatabase } from "../../../src/emulator/state/database.js";

export const ACCOUNT = "111122223333";
export const REGION = "eu-west-1";
export const T0 = Date.UTC(2026, 0, 1, 12, 0, 0, 250);

export class Harness {
  clock = T0;
  private ids = 0;
  readonly emulator: CloudMapEmulator;

  constructor(
    quotas: Partial<Quotas> = {},
    readonly store = new SqliteCloudMapStore(StateDatabase.open(":memory:")),
  ) {
    this.emulator = new CloudMapEmulator({
      store,
      scope: { account: ACCOUNT, region: REGION },
      now: () => this.clock,
      newId: (length) => String(++this.ids).padStart(length, "0"),
      quotas,
    });
  }

  call(operation: string, input: Record<string, unknown> = {}): Record<string, any> {
    return this.emulator.call(operation, input);
  }

  /** Asserts that the call fails with `code` (and a message matching `message`), and returns the error. */
  fails(operation: string, input: Record<string, unknown>, code: string, message?: RegExp): CloudMapError {
    try {
      this.emulator.call(operation, input);
    } catch (error) {
      assert.ok(error instanceof CloudMapError, String(error));
      assert.equal(error.code, code, error.message);
      assert.equal(error.status, 400);
      if (message) assert.match(error.message, message);
      return error;
    }
    assert.fail(`${operation} succeeded`);
  }

  /** The id of a new namespace (HTTP unless `operation` says otherwise). */
  namespace(name: string, operation = "CreateHttpNamespace", extra: Record<string, unknown> = {}): string {
    const { OperationId } = this.call(operation, { Name: name, ...extra });
    return this.call("GetOperation", { OperationId }).Operation.Targets.NAMESPACE;
  }

  /** The id of a new service. */
  service(namespaceId: string, name: string, extra: Record<string, unknown> = {}): string {
    return this.call("CreateService", { Name: name, NamespaceId: namespaceId, ...extra }).Service.Id;
  }

  register(serviceId: string, instanceId: string, attributes: Record<string, string> = {}): string {
    return this.call("RegisterInstance", { ServiceId: serviceId, InstanceId: instanceId, Attributes: attributes })
      .OperationId;
  }
}
