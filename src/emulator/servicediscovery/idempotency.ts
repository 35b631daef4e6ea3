/**
 * Client request tokens (`CreatorRequestId`, `UpdaterRequestId`): a request retried with the same
 * token gets the first answer back instead of running twice. A token reused for a different request
 * is told apart by a fingerprint of the request.
 */
import { stableJson } from "../../model/stable-json.js";
import type { Context, Params } from "./context.js";
import { CloudMapError } from "./errors.js";

export type Replay = { same: boolean; result: string } | undefined;

/** What an earlier request with this operation's token did, if one did. */
export function previous(ctx: Context, operation: string, token: unknown, input: Params): Replay {
  if (typeof token !== "string") return undefined;
  const seen = ctx.store.getToken(ctx.scope, operation, token);
  return seen && { same: seen.fingerprint === stableJson(input), result: seen.result };
}

/** The operation id of a retried request, or DuplicateRequest when the token came with another request. */
export function replayedOperation(replay: Replay): string | undefined {
  if (!replay) return undefined;
  if (replay.same) return replay.result;
  throw new CloudMapError(
    "DuplicateRequest",
    `Another request with the same request id has already been submitted: operation ${replay.result}`,
    { DuplicateOperationId: replay.result },
  );
}

export function remember(ctx: Context, operation: string, token: unknown, input: Params, result: string): void {
  if (typeof token !== "string") return;
  ctx.store.putToken(ctx.scope, operation, token, { fingerprint: stableJson(input), result }, ctx.now());
}
