/**
 * Calls to a backend by operation name, for the commands that walk a whole mesh (import --apply,
 * delete-mesh --cascade): a few in flight at once, each failure named after its operation as the CLI
 * names it. The backend is anything with Backend's `call` (the local emulator, an AWS endpoint).
 */
import { appmesh } from "../../model/generated/appmesh.js";
import { servicediscovery } from "../../model/generated/servicediscovery.js";
import { operationByName } from "../../model/models.js";
import { ServiceError } from "../../model/service-error.js";
import type { Operation } from "../../model/types.js";

export type Input = Record<string, unknown>;
export type Output = Record<string, unknown>;

export interface Caller {
  call(operation: Operation, input: Input): Promise<Output>;
}

/** Calls in flight at once: enough to hide AWS's latency, few enough to stay under its throttle. */
export const CONCURRENCY = 8;

export class Api {
  constructor(private readonly caller: Caller) {}

  /** An App Mesh operation (`DescribeMesh`), or a Cloud Map one (`servicediscovery:ListNamespaces`). */
  async call(name: string, input: Input): Promise<Output> {
    const [model, operationName] = name.startsWith("servicediscovery:")
      ? [servicediscovery, name.slice("servicediscovery:".length)]
      : [appmesh, name];
    const operation = operationByName(model, operationName);
    if (!operation) throw new Error(`${name} is not an operation`);
    try {
      return await this.caller.call(operation, input);
    } catch (error) {
      throw error instanceof ServiceError ? error.during(operation.name) : error;
    }
  }

  /** Every item of every page of a list operation. */
  async all(name: string, input: Input, resultKey: string, tokenKey = "nextToken"): Promise<Output[]> {
    const items: Output[] = [];
    let token: unknown;
    do {
      const page = await this.call(name, token === undefined ? input : { ...input, [tokenKey]: token });
      items.push(...((page[resultKey] as Output[] | undefined) ?? []));
      token = page[tokenKey];
    } while (token);
    return items;
  }
}

/** `work` on every item, at most `limit` at once; the first failure is thrown once the others have settled. */
export async function eachConcurrently<T>(
  items: T[],
  work: (item: T) => Promise<void>,
  limit = CONCURRENCY,
): Promise<void> {
  let next = 0;
  const failures: unknown[] = [];
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await work(item).catch((error: unknown) => {
        failures.push(error);
        next = items.length; // start nothing more
      });
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failures.length) throw failures[0];
}

export function isNotFound(error: unknown): boolean {
  return error instanceof ServiceError && error.code === "NotFoundException";
}
