/**
 * Saved output of the AWS CLI (`aws appmesh describe-* / list-*`, JSON or YAML) as `mesh validate`
 * documents. A describe-* output gives a resource whole; a list-* output only names resources, so each
 * one listed must also be described somewhere in the set. Deleted resources (status DELETED) are left
 * out; a resource in a mesh its account does not own keeps that owner (meshOwner).
 */
import { appmesh } from "../../../model/generated/appmesh.js";
import { KINDS, type Kind } from "../../../model/resources.js";
import { convert } from "../convert.js";
import type { ImportedDocument, ImportResult } from "../imported.js";

const DESCRIBED = new Map(Object.values(KINDS).map((kind) => [kind.id, kind]));
const LISTED = new Map(Object.values(KINDS).map((kind) => [lowerFirst(kind.plural), kind]));

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

/** Whether a value is one saved describe-* or list-* output of App Mesh. */
export function isCliOutput(value: unknown): boolean {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const keys = Object.keys(value).filter((key) => key !== "nextToken");
  return keys.length === 1 && (DESCRIBED.has(keys[0] as Kind["id"]) || LISTED.has(keys[0] as string));
}

type Data = Record<string, unknown> & { metadata?: Record<string, unknown>; status?: { status?: string } };

export function importCliOutputs(files: { file: string; values: unknown[] }[]): ImportResult {
  const result: ImportResult = { documents: [], problems: [], skipped: [] };
  const described = new Set<string>();
  const listed: { file: string; resource: string; key: string }[] = [];
  for (const { file, values } of files) {
    for (const [index, value] of values.entries()) {
      const [key, content] = Object.entries(value as Record<string, unknown>).find(([k]) => k !== "nextToken") ?? [];
      const where = values.length > 1 ? `#${index + 1} ` : "";
      const describedKind = DESCRIBED.get(key as Kind["id"]);
      if (describedKind) {
        const data = content as Data;
        if (data.status?.status === "DELETED") continue;
        described.add(identity(describedKind, data));
        const resource = `${where}${describedKind.id} ${identity(describedKind, data)}`;
        const document = toDocument(describedKind, data, String(key));
        if ("problems" in document) result.problems.push(...document.problems.map((p) => ({ file, resource, ...p })));
        else result.documents.push({ ...document, file, resource });
        continue;
      }
      const listedKind = LISTED.get(String(key)) as Kind;
      for (const ref of (content as Data[] | undefined) ?? []) {
        const key = identity(listedKind, ref);
        listed.push({ file, resource: `${where}${listedKind.id} ${key}`, key });
      }
    }
  }
  for (const { file, resource, key } of listed) {
    if (!described.has(key)) {
      result.problems.push({ file, resource, message: "listed, but no describe output in the set gives its spec" });
    }
  }
  return result;
}

/** `mesh/parent/name`: what a describe output and a list entry of the same resource share. */
function identity(kind: Kind, data: Data): string {
  const parent = kind.parent ? `${data[KINDS[kind.parent].nameMember]}/` : "";
  return kind.id === "mesh" ? String(data.meshName) : `${data.meshName}/${parent}${data[kind.nameMember]}`;
}

function toDocument(
  kind: Kind,
  data: Data,
  key: string,
): { problems: { path: string; message: string }[] } | Omit<ImportedDocument, "resource"> {
  const operation = appmesh.operations.find((op) => op.name === `Create${kind.label}`);
  const input: Record<string, unknown> = { meshName: data.meshName };
  if (kind.parent) input[KINDS[kind.parent].nameMember] = data[KINDS[kind.parent].nameMember];
  if (kind.id !== "mesh") input[kind.nameMember] = data[kind.nameMember];
  const owner = data.metadata?.meshOwner;
  if (kind.id !== "mesh" && owner !== undefined && owner !== data.metadata?.resourceOwner) input.meshOwner = owner;
  input.spec = data.spec ?? {};
  const converted = convert(appmesh, operation?.input?.shape ?? "", input, { sourcePath: key, inputPath: "" });
  if (converted.problems.length) return { problems: converted.problems };
  return {
    operation: operation?.cliName ?? "",
    input: converted.value as Record<string, unknown>,
    paths: converted.paths,
  };
}
