/**
 * Operations: Cloud Map answers namespace changes, service updates and instance (de)registrations
 * with an operation id to poll. The emulator applies every change at once, so each operation is
 * recorded as SUCCESS when it is created.
 */
import { type Context, defined, type Output, type Params } from "./context.js";
import { CloudMapError } from "./errors.js";
import { applyFilters, type FilterRule } from "./filters.js";
import { operationId } from "./ids.js";
import { page } from "./paging.js";
import type { OperationRecord } from "./store.js";

export type OperationType =
  | "CREATE_NAMESPACE"
  | "DELETE_NAMESPACE"
  | "UPDATE_NAMESPACE"
  | "UPDATE_SERVICE"
  | "REGISTER_INSTANCE"
  | "DEREGISTER_INSTANCE";

/** Records a completed operation and returns its id. */
export function recordOperation(ctx: Context, type: OperationType, targets: Record<string, string>): string {
  const at = ctx.now();
  const id = operationId(ctx.newId);
  ctx.store.putOperation(ctx.scope, { id, type, status: "SUCCESS", targets, createdAt: at, updatedAt: at });
  return id;
}

export function getOperation(ctx: Context, input: Params): Output {
  const id = String(input.OperationId);
  const op = ctx.store.getOperation(ctx.scope, id);
  if (!op) throw new CloudMapError("OperationNotFound", `Operation ${id} not found`);
  return {
    Operation: {
      CreateDate: new Date(op.createdAt),
      Id: op.id,
      Status: op.status,
      Targets: op.targets,
      Type: op.type,
      UpdateDate: new Date(op.updatedAt),
    },
  };
}

const FILTERS: Record<string, FilterRule<OperationRecord>> = {
  NAMESPACE_ID: { conditions: ["EQ"], value: (op) => op.targets.NAMESPACE },
  SERVICE_ID: { conditions: ["EQ"], value: (op) => op.targets.SERVICE },
  STATUS: { conditions: ["EQ", "IN"], value: (op) => op.status },
  TYPE: { conditions: ["EQ", "IN"], value: (op) => op.type },
  UPDATE_DATE: { conditions: ["BETWEEN"], value: (op) => op.updatedAt / 1000 },
};

export function listOperations(ctx: Context, input: Params): Output {
  const matching = applyFilters(ctx.store.listOperations(ctx.scope), input.Filters, FILTERS);
  const { items, nextToken } = page(matching, input.MaxResults, input.NextToken);
  return defined({ Operations: items.map((op) => ({ Id: op.id, Status: op.status })), NextToken: nextToken });
}
