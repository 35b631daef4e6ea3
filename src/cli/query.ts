/** `--query`: a JMESPath expression, applied to the result before it is printed. */
import type { JSONValue } from "@jmespath-community/jmespath";
import { CliError, EXIT } from "./errors.js";

export interface Query {
  expression: string;
  search(data: unknown): unknown;
}

/** Checks the expression up front, as the AWS CLI does before making any call. */
export async function compileQuery(expression: string): Promise<Query> {
  const { compile, TreeInterpreter } = await import("@jmespath-community/jmespath");
  let ast: ReturnType<typeof compile>;
  try {
    ast = compile(expression);
  } catch (error) {
    const reason = (error as Error).message.replace(/^Syntax error[:,]\s*/, "");
    throw new CliError(`Bad value for --query ${expression}: ${reason}`, EXIT.usage);
  }
  return { expression, search: (data) => TreeInterpreter.search(ast, data as JSONValue) };
}
