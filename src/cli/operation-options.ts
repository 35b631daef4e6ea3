/**
 * The flags of one operation, derived from its input members (`virtualNodeName` → `--virtual-node-name`),
 * plus the per-command flags every operation has. Added to a command only when that command runs.
 */
import type { Command, Option } from "commander";
import type { Operation, OperationMember } from "../model/types.js";

export interface OperationFlags {
  members: { member: OperationMember; option: Option }[];
}

export function addOperationOptions(command: Command, op: Operation): OperationFlags {
  const members = (op.input?.members ?? []).map((member) => {
    const flag = `--${member.cliName}`;
    const option = command.createOption(
      member.type === "boolean" ? flag : member.type === "list" ? `${flag} <value...>` : `${flag} <value>`,
    );
    command.addOption(option);
    if (member.type === "boolean") command.addOption(command.createOption(`--no-${member.cliName}`));
    return { member, option };
  });
  command.option("--cli-input-json <json>").option("--cli-input-yaml <yaml>").option("--generate-cli-skeleton [type]");
  if (op.paginator) {
    command.option("--starting-token <token>").option("--page-size <size>").option("--max-items <count>");
  }
  return { members };
}
