/**
 * Tags on namespaces and services, addressed by ARN: TagResource adds or overwrites by key,
 * UntagResource removes keys, ListTagsForResource lists them; at most 50 tags per resource.
 */
import type { Context, Output, Params } from "./context.js";
import { CloudMapError, invalidInput } from "./errors.js";
import { parseArn } from "./ids.js";
import type { NamespaceRecord, ServiceRecord, Tag } from "./store.js";

/** Refuses a tag set that is over the quota, naming the resource as TooManyTagsException does. */
export function checkTagCount(ctx: Context, tags: Tag[], resourceName: string): void {
  if (tags.length <= ctx.quotas.tagsPerResource) return;
  throw new CloudMapError(
    "TooManyTagsException",
    `The resource can have at most ${ctx.quotas.tagsPerResource} tags; the request would give it ${tags.length}`,
    { ResourceName: resourceName },
  );
}

interface Tagged {
  record: NamespaceRecord | ServiceRecord;
  save(tags: Tag[]): void;
}

function resource(ctx: Context, input: Params): Tagged {
  const arn = String(input.ResourceARN);
  const parsed = parseArn(arn);
  if (!parsed) throw invalidInput(`${arn} is not a valid Cloud Map namespace or service ARN`);
  if (parsed.account === ctx.scope.account && parsed.region === ctx.scope.region) {
    if (parsed.kind === "namespace") {
      const ns = ctx.store.getNamespace(ctx.scope, parsed.id);
      if (ns) return { record: ns, save: (tags) => ctx.store.putNamespace(ctx.scope, { ...ns, tags }) };
    } else {
      const service = ctx.store.getService(ctx.scope, parsed.id);
      if (service) return { record: service, save: (tags) => ctx.store.putService(ctx.scope, { ...service, tags }) };
    }
  }
  throw new CloudMapError("ResourceNotFoundException", `Resource ${arn} not found`);
}

export function tagResource(ctx: Context, input: Params): Output {
  const tagged = resource(ctx, input);
  const tags = new Map(tagged.record.tags.map((t) => [t.Key, t.Value]));
  for (const tag of input.Tags as Tag[]) tags.set(tag.Key, tag.Value);
  const merged = [...tags].map(([Key, Value]) => ({ Key, Value }));
  checkTagCount(ctx, merged, tagged.record.arn);
  tagged.save(merged);
  return {};
}

export function untagResource(ctx: Context, input: Params): Output {
  const tagged = resource(ctx, input);
  const remove = new Set(input.TagKeys as string[]);
  tagged.save(tagged.record.tags.filter((t) => !remove.has(t.Key)));
  return {};
}

export function listTagsForResource(ctx: Context, input: Params): Output {
  return { Tags: resource(ctx, input).record.tags };
}
