/**
 * Help pages built from the model, laid out like the AWS CLI's: NAME, DESCRIPTION, SYNOPSIS, OPTIONS
 * (with each member's type tree and enum values), GLOBAL OPTIONS, OUTPUT.
 */
import { shapeOf } from "../model/models.js";
import type { Operation, ServiceModel } from "../model/types.js";

const GLOBAL_OPTIONS = [
  "--debug",
  "--endpoint-url <value>",
  "--no-verify-ssl",
  "--no-paginate",
  "--output <json|text|table|yaml|yaml-stream>",
  "--query <value>",
  "--profile <value>",
  "--region <value>",
  "--version",
  "--color <on|off|auto>",
  "--no-sign-request",
  "--ca-bundle <value>",
  "--cli-read-timeout <value>",
  "--cli-connect-timeout <value>",
  "--no-cli-pager",
];

export function mainHelp(commands: { name: string; summary: string }[], service?: string): string {
  const lines = [
    "NAME",
    service
      ? `       ${service} - the aws ${service} command set, on mesh's backends`
      : "       mesh - the aws appmesh command set, with a local App Mesh emulator",
    "",
    "SYNOPSIS",
    `          mesh [options] ${service ? `${service} ` : ""}<command> [parameters]`,
    "",
    "AVAILABLE COMMANDS",
  ];
  for (const command of commands) lines.push(`       o ${command.name.padEnd(30)} ${command.summary}`);
  lines.push("", "GLOBAL OPTIONS", ...GLOBAL_OPTIONS.map((o) => `       ${o}`), "");
  return `${lines.join("\n")}\n`;
}

export function operationHelp(model: ServiceModel, op: Operation): string {
  const members = op.input?.members ?? [];
  const hidden = new Set(op.paginator ? [op.paginator.inputToken, op.paginator.limitKey] : []);
  const shown = members.filter((m) => !hidden.has(m.name));
  const synopsis = shown.map((m) =>
    m.required && !m.idempotencyToken ? `--${m.cliName} <value>` : `[--${m.cliName} <value>]`,
  );
  synopsis.push("[--cli-input-json | --cli-input-yaml]");
  if (op.paginator) synopsis.push("[--starting-token <value>]", "[--page-size <value>]", "[--max-items <value>]");
  synopsis.push("[--generate-cli-skeleton <value>]");
  const lines = [
    "NAME",
    `       ${op.cliName} -`,
    "",
    "DESCRIPTION",
    `       Calls the ${model.metadata.serviceFullName} ${op.name} API (${op.http.method} ${op.http.requestUri}).`,
  ];
  if (op.paginator) {
    lines.push(
      "",
      `       ${op.cliName} is a paginated operation. Multiple API calls may be issued in order to retrieve the`,
      "       entire data set of results. You can disable pagination by providing the --no-paginate argument.",
      `       When using --output text and the --query argument on a paginated response, the --query argument`,
      `       must extract data from the results of the following query expressions: ${op.paginator.resultKey}`,
    );
  }
  lines.push("", "SYNOPSIS", `            ${op.cliName}`, ...synopsis.map((s) => `          ${s}`), "", "OPTIONS");
  for (const member of shown) {
    lines.push(`       --${member.cliName} (${typeName(model, member.shape)})`);
    lines.push(...memberTree(model, member.shape, 10, []));
    lines.push("");
  }
  lines.push("GLOBAL OPTIONS", ...GLOBAL_OPTIONS.map((o) => `       ${o}`), "");
  if (op.output) {
    lines.push("OUTPUT");
    for (const [name, ref] of Object.entries(shapeOf(model, op.output.shape).members ?? {})) {
      lines.push(`       ${name} -> (${typeName(model, ref.shape)})`, ...memberTree(model, ref.shape, 10, []));
    }
    lines.push("");
  }
  return `${lines.join("\n")}\n`;
}

function typeName(model: ServiceModel, shapeName: string): string {
  const shape = shapeOf(model, shapeName);
  return shape.type === "structure" && shape.union ? "tagged union structure" : shape.type;
}

function memberTree(model: ServiceModel, shapeName: string, indent: number, stack: string[]): string[] {
  const shape = shapeOf(model, shapeName);
  const pad = " ".repeat(indent);
  if (stack.includes(shapeName)) return [`${pad}( ... recursive ... )`];
  const next = [...stack, shapeName];
  if (shape.enum) return [`${pad}Possible values:`, ...shape.enum.map((v) => `${pad}  o ${v}`)];
  if (shape.type === "list" && shape.member) {
    return [
      `${pad}(${typeName(model, shape.member.shape)})`,
      ...memberTree(model, shape.member.shape, indent + 3, next),
    ];
  }
  if (shape.type !== "structure") return [];
  return Object.entries(shape.members ?? {}).flatMap(([name, ref]) => {
    const required = shape.required?.includes(name) ? " [required]" : "";
    return [
      `${pad}${name} -> (${typeName(model, ref.shape)})${required}`,
      ...memberTree(model, ref.shape, indent + 3, next),
    ];
  });
}
