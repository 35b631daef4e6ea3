/**
 * The output fixtures (test/fixtures/output/<case>/): `case.json` holds an operation's answer as the
 * service sends it (epoch-second timestamps; for a list operation, all its items) and the `aws appmesh`
 * command run against it; `<format>.out` is what AWS CLI 2.9.19 printed for it with TZ=UTC, stdout not a
 * terminal. A case replays the answer the way the CLI gets it: normalized, and paged by a fake service
 * that pages like the stub server the fixtures were recorded against (default page 100, offset tokens).
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Answer, OutputFormat, OutputOptions } from "../../src/cli/output/format.js";
import { normalizeOutput } from "../../src/cli/output/normalize.js";
import { paginate } from "../../src/cli/paginate.js";
import { compileQuery } from "../../src/cli/query.js";
import { appmesh } from "../../src/model/generated/appmesh.js";
import type { Operation } from "../../src/model/types.js";
import { repoRoot } from "./paths.js";

export const FIXTURES = join(repoRoot, "test", "fixtures", "output");

type Json = Record<string, unknown>;

export interface OutputCase {
  name: string;
  op: Operation;
  answer: Answer;
  options(format: OutputFormat): OutputOptions;
  /** The bytes the AWS CLI printed, from `<case>/<file>`. */
  expected(file: string): string;
}

export const caseNames = () => readdirSync(FIXTURES).sort();

export async function loadCase(name: string): Promise<OutputCase> {
  const dir = join(FIXTURES, name);
  const spec = JSON.parse(readFileSync(join(dir, "case.json"), "utf8")) as {
    operation: string;
    command: string[];
    response?: Json;
    items?: unknown[];
  };
  const op = appmesh.operations.find((o) => o.name === spec.operation);
  if (!op?.output) throw new Error(`${name}: no operation ${spec.operation}`);
  const shape = op.output.shape;
  const flag = (name: string) => {
    const i = spec.command.indexOf(name);
    return i < 0 ? undefined : spec.command[i + 1];
  };
  const number = (name: string) => (flag(name) === undefined ? undefined : Number(flag(name)));
  const normalize = (wire: Json) => normalizeOutput(appmesh, shape, wire) as Json;
  let answer: Answer;
  if (op.paginator) {
    const { resultKey } = op.paginator;
    const items = spec.items ?? [];
    const service = async (params: Json) => {
      const start = Number(params.nextToken ?? 0);
      const limit = Number(params.limit ?? 100);
      const page: Json = { [resultKey]: items.slice(start, start + limit) };
      if (start + limit < items.length) page.nextToken = String(start + limit);
      return normalize(page);
    };
    const flags = {
      pageSize: number("--page-size"),
      maxItems: number("--max-items"),
      startingToken: flag("--starting-token"),
    };
    answer = { paginator: op.paginator, paged: await paginate(op.paginator, {}, flags, service) };
  } else {
    answer = { response: normalize(spec.response ?? {}) };
  }
  const expression = flag("--query");
  const query = expression === undefined ? undefined : await compileQuery(expression);
  return {
    name,
    op,
    answer,
    options: (format) => ({
      format,
      query,
      title: op.name,
      io: { isTTY: () => false, env: {}, columns: () => undefined },
    }),
    expected: (file) => readFileSync(join(dir, file), "utf8"),
  };
}
