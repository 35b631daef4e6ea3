/** A Duration (`{unit, value}`) means something only with both members. */
import { obj } from "../../model/json.js";
import { childPath, type Findings } from "./rule.js";

export function checkDuration(findings: Findings, value: unknown, path: string): void {
  const duration = obj(value);
  if (!duration) return;
  for (const member of ["unit", "value"]) {
    if (duration[member] === undefined) findings.error(childPath(path, member), "a duration needs both unit and value");
  }
}

/** Every Duration inside a timeout union member (`{perRequest, idle}`). */
export function checkTimeout(findings: Findings, value: unknown, path: string): void {
  for (const [name, duration] of Object.entries(obj(value) ?? {}))
    checkDuration(findings, duration, childPath(path, name));
}
