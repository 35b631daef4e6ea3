/**
 * Every check of one operation input, in the order the AWS CLI and the service make them: tier 1
 * (what the CLI checks before sending), then tier 2 (the model's remaining constraints, then the
 * rules across one spec's members). A later tier runs only on an input the earlier one passed.
 */
import type { Operation, ServiceModel } from "../model/types.js";
import { checkConstraints, DOTTED_PATHS, type PathStyle } from "./constraints.js";
import { checkParams } from "./params.js";
import type { Problem } from "./problem.js";
import { checkSpecRules } from "./rules/spec-rules.js";

export interface InputCheck {
  /** Tier 1 problems: the CLI refuses with exit 252 before sending. */
  client: Problem[];
  /** Tier 2 problems: the service answers BadRequestException (errors) or lets them through (warnings). */
  service: Problem[];
}

export function checkInput(
  model: ServiceModel,
  op: Operation,
  input: Record<string, unknown>,
  paths: PathStyle = DOTTED_PATHS,
): InputCheck {
  if (!op.input) return { client: [], service: [] };
  const client = checkParams(model, op.input.shape, input);
  if (client.length) return { client, service: [] };
  const constraints = checkConstraints(model, op.input.shape, input, paths);
  if (constraints.length) return { client, service: constraints };
  const spec = op.input.members.find((m) => m.name === "spec");
  return { client, service: spec ? checkSpecRules(spec.shape, input.spec) : [] };
}

export const errorsOf = (problems: Problem[]) => problems.filter((p) => p.severity === "error");
