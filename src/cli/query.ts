/**
 * `--query`: a JMESPath expression, checked up front as the AWS CLI checks it (jmespath-syntax.ts:
 * jmespath.py's messages and caret lines) and applied to the result before it is printed.
 */
import type { JSONValue } from "@jmespath-community/jmespath";
import { CliError, EXIT } from "./errors.js";
import { checkJmespath, JmespathSyntaxError } from "./jmespath-syntax.js";

export interface Query {
  expression: string;
  search(data: unknown): unknown;
}

/** A function called with the wrong number of arguments, in jmespath.py's words. */
function pythonArityMessage(message: string): string {
  const arity = /^Invalid arity: (\w+)\(\) takes (at least )?(\d+) arguments? but received (\d+)$/.exec(message);
  if (!arity) return message;
  const [, name, atLeast = "", count, received] = arity;
  return `Expected ${atLeast}${count} argument${count === "1" ? "" : "s"} for function ${name}(), received ${received}`;
}

export async function compileQuery(expression: string): Promise<Query> {
  let checked: string;
  try {
    checked = checkJmespath(expression);
  } catch (error) {
    if (!(error instanceof JmespathSyntaxError)) throw error;
    throw new CliError(`Bad value for --query ${expression}: ${error.message}`, EXIT.usage);
  }
  const { compile, TreeInterpreter } = await import("@jmespath-community/jmespath");
  let ast: ReturnType<typeof compile>;
  try {
    ast = compile(checked);
  } catch (error) {
    const reason = (error as Error).message.replace(/^Syntax error[:,]\s*/, "");
    throw new CliError(`Bad value for --query ${expression}: ${reason}`, EXIT.usage);
  }
  return {
    expression,
    search: (data) => {
      try {
        return TreeInterpreter.search(ast, data as JSONValue);
      } catch (error) {
        throw error instanceof Error ? new CliError(pythonArityMessage(error.message), EXIT.general) : error;
      }
    },
  };
}
