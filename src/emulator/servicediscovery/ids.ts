/**
 * Cloud Map's identifiers: `ns-` and `srv-` ids of 16 lowercase alphanumerics, operation ids of 32 and
 * 8 (`gv4g5meo7ndmeh4fqskygvk23d2fijwa-k9302yzd`), Route 53 hosted zone ids, and the ARNs built on them.
 */
import { randomInt } from "node:crypto";
import type { Scope } from "../state/scope.js";

/** `length` random lowercase letters and digits. */
export type NewId = (length: number) => string;

const ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

export const randomId: NewId = (length) =>
  Array.from({ length }, () => ALPHABET.charAt(randomInt(ALPHABET.length))).join("");

export const namespaceId = (newId: NewId) => `ns-${newId(16)}`;
export const serviceId = (newId: NewId) => `srv-${newId(16)}`;
export const operationId = (newId: NewId) => `${newId(32)}-${newId(8)}`;
export const hostedZoneId = (newId: NewId) => `Z${newId(20).toUpperCase()}`;

export type ArnKind = "namespace" | "service";

export function arnOf(scope: Scope, kind: ArnKind, id: string): string {
  return `arn:aws:servicediscovery:${scope.region}:${scope.account}:${kind}/${id}`;
}

/** The resource an ARN names, or undefined when it is not a Cloud Map namespace or service ARN. */
export function parseArn(arn: string): { region: string; account: string; kind: ArnKind; id: string } | undefined {
  const match = /^arn:aws:servicediscovery:([a-z0-9-]+):(\d{12}):(namespace|service)\/([a-z0-9-]+)$/.exec(arn);
  if (!match) return undefined;
  const [, region = "", account = "", kind, id = ""] = match;
  return { region, account, kind: kind as ArnKind, id };
}

/** The id in `idOrArn`: itself, or the id an ARN of this scope and kind names (any other ARN names nothing here). */
export function idOf(ctx: { scope: Scope }, kind: ArnKind, idOrArn: string): string {
  if (!idOrArn.startsWith("arn:")) return idOrArn;
  const arn = parseArn(idOrArn);
  const ours = arn?.kind === kind && arn.account === ctx.scope.account && arn.region === ctx.scope.region;
  return ours ? arn.id : idOrArn;
}
