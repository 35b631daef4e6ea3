/**
 * One API operation from the command line to stdout: flags → parameters (with `--cli-input-*` and
 * `file://`), client-side validation, the backend call (paginated for list operations), then output.
 */
import type { Backend } from "../backend/backend.js";
import { ServiceError } from "../model/service-error.js";
import { setOwn } from "../model/set-own.js";
import type { Operation, ServiceModel } from "../model/types.js";
import { formatValidationReport, validateParams } from "../validate/params.js";
import { invalidChoiceMessage } from "./choices.js";
import { CliError, EXIT, unknownOptionsError, usageError } from "./errors.js";
import type { GlobalOptions } from "./global-options.js";
import { operationHelp } from "./help.js";
import { loadCliInput } from "./input/cli-input.js";
import { type InputContext, unpackArgument } from "./input/unpack.js";
import type { Io } from "./io.js";
import type { OperationFlags } from "./operation-options.js";
import { type Answer, formatJson, formatOutput, type OutputFormat } from "./output/format.js";
import { normalizeOutput, type TimestampFormat } from "./output/normalize.js";
import { page, pagerCommand } from "./output/pager.js";
import { type PagingFlags, paginate } from "./paginate.js";
import type { Query } from "./query.js";
import { skeletonOf } from "./skeleton.js";
import { yamlSkeleton } from "./skeleton-yaml.js";

export interface OperationRun {
  io: Io;
  model: ServiceModel;
  op: Operation;
  flags: OperationFlags;
  /** The parsed option values of the operation's command. */
  values: Record<string, unknown>;
  /** Words commander did not recognise (unknown options, stray arguments). */
  extra: string[];
  globals: GlobalOptions;
  output: OutputFormat;
  query: Query | undefined;
  timestamps: TimestampFormat;
  backend: () => Backend;
  /** Options a hand-written extension adds to this command (see commands/operation-extension.ts). */
  extensionHelp?: string;
}

const SKELETONS = ["input", "output", "yaml-input"];

export async function runOperation(run: OperationRun): Promise<void> {
  const { op, values, io } = run;
  if (run.extra.at(-1) === "help") {
    io.stdout(operationHelp(run.model, op) + (run.extensionHelp ? `\n${run.extensionHelp}` : ""));
    return;
  }
  const skeleton = values.generateCliSkeleton === true ? "input" : (values.generateCliSkeleton as string | undefined);
  if (skeleton !== undefined && !SKELETONS.includes(skeleton)) {
    throw usageError(invalidChoiceMessage("--generate-cli-skeleton", skeleton, SKELETONS));
  }
  const inputOnly = skeleton === "input" || skeleton === "yaml-input";
  const fromDocument = values.cliInputJson !== undefined || values.cliInputYaml !== undefined;
  if (!inputOnly && !fromDocument) checkRequired(run);
  if (run.extra.length) throw unknownOptionsError(run.extra);
  if (inputOnly) {
    io.stdout(await inputSkeleton(run, skeleton));
    return;
  }
  const paging = pagingFlags(run);
  const ctx: InputContext = { cwd: io.cwd, env: io.env };
  const params = await buildParams(run, ctx);
  if (paging.pageSize !== undefined && op.paginator) params[op.paginator.limitKey] = paging.pageSize;
  if (op.input) {
    const problems = validateParams(run.model, op.input.shape, params);
    if (problems.length) throw new CliError(formatValidationReport(problems), EXIT.usage);
  }
  if (skeleton === "output") {
    io.stdout(op.output ? formatJson(skeletonOf(run.model, op.output.shape)) : "");
    return;
  }
  const answer = await call(run, params, paging);
  const options = { format: run.output, query: run.query, title: op.name, color: run.globals.color, io };
  const text = await formatOutput(answer, options);
  const pager = text === "" ? undefined : pagerCommand(io, run.globals.profile, run.globals.cliPager);
  if (pager) await page(pager, text, io.env);
  else io.stdout(text);
}

function checkRequired(run: OperationRun): void {
  const missing = run.flags.members
    .filter(
      ({ member, option }) =>
        member.required && !member.idempotencyToken && run.values[option.attributeName()] === undefined,
    )
    .map(({ member }) => `--${member.cliName}`);
  if (missing.length) throw usageError(`the following arguments are required: ${missing.join(", ")}`);
}

function intFlag(value: unknown, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const text = String(value);
  if (!/^\s*[+-]?\d+\s*$/.test(text)) throw usageError(`argument ${flag}: invalid int value: '${text}'`);
  return Number(text);
}

/**
 * The CLI-side paging flags. Giving the service's own token or limit (`--next-token`, `--limit`)
 * turns auto-pagination off, as `--no-paginate` does, and neither mixes with the paging flags.
 */
function pagingFlags(run: OperationRun): PagingFlags & { enabled: boolean } {
  const { op, values, globals } = run;
  if (!op.paginator) return { enabled: false };
  const flags: PagingFlags = {
    pageSize: intFlag(values.pageSize, "--page-size"),
    maxItems: intFlag(values.maxItems, "--max-items"),
    startingToken: values.startingToken as string | undefined,
  };
  const manual = run.flags.members.some(
    ({ member, option }) =>
      (member.name === op.paginator?.inputToken || member.name === op.paginator?.limitKey) &&
      run.values[option.attributeName()] !== undefined,
  );
  const enabled = globals.paginate && !manual;
  if (!enabled) {
    const given = [
      flags.startingToken !== undefined && "--starting-token",
      flags.maxItems !== undefined && "--max-items",
      flags.pageSize !== undefined && "--page-size",
    ].filter(Boolean);
    if (given.length) {
      throw new CliError(
        `Cannot specify --no-paginate along with pagination arguments: ${given.join(", ")}`,
        EXIT.usage,
      );
    }
  }
  return { ...flags, enabled };
}

async function buildParams(run: OperationRun, ctx: InputContext): Promise<Record<string, unknown>> {
  const params: Record<string, unknown> = {};
  for (const { member, option } of run.flags.members) {
    const raw = run.values[option.attributeName()];
    if (raw === undefined) continue;
    params[member.name] =
      member.type === "boolean" ? raw : unpackArgument(run.model, member, raw as string | string[], ctx);
  }
  const document = await loadCliInput(
    run.values.cliInputJson as string | undefined,
    run.values.cliInputYaml as string | undefined,
    ctx,
  );
  for (const [key, value] of Object.entries(document ?? {})) {
    if (!Object.hasOwn(params, key)) setOwn(params, key, value);
  }
  const token = run.op.input?.members.find((m) => m.idempotencyToken);
  if (token && params[token.name] === undefined) params[token.name] = crypto.randomUUID();
  return params;
}

async function call(
  run: OperationRun,
  params: Record<string, unknown>,
  paging: PagingFlags & { enabled: boolean },
): Promise<Answer> {
  const { op, model } = run;
  const backend = run.backend();
  const once = async (request: Record<string, unknown>) => {
    const output = await backend.call(op, request).catch((error: unknown) => {
      throw error instanceof ServiceError ? error.during(op.name) : error;
    });
    return (op.output ? normalizeOutput(model, op.output.shape, output, run.timestamps) : {}) as Record<
      string,
      unknown
    >;
  };
  if (!op.paginator || !paging.enabled) return { response: await once(params) };
  return { paginator: op.paginator, paged: await paginate(op.paginator, params, paging, once) };
}

async function inputSkeleton(run: OperationRun, kind: string): Promise<string> {
  if (!run.op.input) return kind === "input" ? "{}\n" : "";
  if (kind === "yaml-input") return yamlSkeleton(run.model, run.op.input.shape);
  return `${JSON.stringify(skeletonOf(run.model, run.op.input.shape), null, 4)}\n`;
}
