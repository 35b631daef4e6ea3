/**
 * The `Filters` of ListNamespaces, ListServices and ListOperations: every filter must match. Each
 * filter name allows some conditions: EQ (the default) and BEGINS_WITH take one value, IN one or more,
 * BETWEEN two (a start and an end, in Unix seconds).
 */
import { invalidInput } from "./errors.js";

export type Condition = "EQ" | "IN" | "BEGINS_WITH" | "BETWEEN";

export interface FilterRule<T> {
  conditions: readonly Condition[];
  /** The item's value the filter compares against. */
  value: (item: T) => string | number | undefined;
}

interface Filter {
  Name: string;
  Values: string[];
  Condition?: Condition;
}

export function applyFilters<T>(items: T[], filters: unknown, rules: Record<string, FilterRule<T>>): T[] {
  const tests = ((filters as Filter[] | undefined) ?? []).map((filter) => predicate(filter, rules));
  return items.filter((item) => tests.every((test) => test(item)));
}

function predicate<T>(filter: Filter, rules: Record<string, FilterRule<T>>): (item: T) => boolean {
  const rule = rules[filter.Name];
  if (!rule) throw invalidInput(`Filter name ${filter.Name} is not supported`);
  const condition = filter.Condition ?? "EQ";
  if (!rule.conditions.includes(condition)) {
    throw invalidInput(`Condition ${condition} is not supported for filter ${filter.Name}`);
  }
  const values = filter.Values;
  const arity = condition === "IN" ? values.length > 0 : values.length === (condition === "BETWEEN" ? 2 : 1);
  if (!arity) {
    throw invalidInput(`Filter ${filter.Name} with condition ${condition} has the wrong number of values`);
  }
  const [first = "", second = ""] = values;
  switch (condition) {
    case "EQ":
      return (item) => String(rule.value(item)) === first;
    case "IN":
      return (item) => values.includes(String(rule.value(item)));
    case "BEGINS_WITH":
      return (item) => String(rule.value(item) ?? "").startsWith(first);
    case "BETWEEN": {
      const [start, end] = [Number(first), Number(second)];
      if (Number.isNaN(start) || Number.isNaN(end)) {
        throw invalidInput(`Filter ${filter.Name} takes a start and an end date in Unix seconds`);
      }
      return (item) => {
        const value = Number(rule.value(item));
        return value >= start && value <= end;
      };
    }
  }
}
