/**
 * The AWS CLI's global options (accepted before or after the operation) and the settings derived from
 * them and from the environment: output format, region, account, state directory.
 */
import { homedir } from "node:os";
import { join } from "node:path";
import { type Command, Option } from "commander";
import { invalidRegionMessage, isRegionName } from "../model/regions.js";
import { invalidChoiceMessage } from "./choices.js";
import { CliError, configError, EXIT, usageError } from "./errors.js";
import { OUTPUT_FORMATS, type OutputFormat } from "./output/format.js";
import { TIMESTAMP_FORMATS, type TimestampFormat } from "./output/normalize.js";
import { profileSetting } from "./profile-setting.js";

export interface GlobalOptions {
  debug?: boolean;
  endpointUrl?: string;
  verifySsl: boolean;
  paginate: boolean;
  output?: string;
  query?: string;
  profile?: string;
  region?: string;
  version?: boolean;
  color?: string;
  signRequest: boolean;
  caBundle?: string;
  cliReadTimeout?: string;
  cliConnectTimeout?: string;
  cliBinaryFormat?: string;
  cliPager: boolean;
  cliAutoPrompt?: boolean;
  /** mesh's own: `local` (the default) or `aws`. */
  backend?: string;
}

export function defineGlobalOptions(program: Command): void {
  program
    .option("--debug")
    .option("--endpoint-url <url>")
    .option("--no-verify-ssl")
    .option("--no-paginate")
    .option("--output <format>")
    .option("--query <expression>")
    .option("--profile <name>")
    .option("--region <name>")
    .option("--version")
    .option("--color <when>")
    .option("--no-sign-request")
    .option("--ca-bundle <path>")
    .option("--cli-read-timeout <seconds>")
    .option("--cli-connect-timeout <seconds>")
    .option("--cli-binary-format <format>")
    .option("--no-cli-pager")
    .addOption(new Option("--cli-auto-prompt"))
    .addOption(new Option("--no-cli-auto-prompt"))
    .option("--backend <local|aws>");
}

/** `--output`, else AWS_DEFAULT_OUTPUT, else the profile's `output`, else json. */
export function outputFormat(globals: GlobalOptions, env: NodeJS.ProcessEnv): OutputFormat {
  const format = globals.output ?? env.AWS_DEFAULT_OUTPUT ?? profileSetting(env, globals.profile, "output") ?? "json";
  if (!OUTPUT_FORMATS.includes(format as OutputFormat)) {
    throw usageError(invalidChoiceMessage("--output", format, OUTPUT_FORMATS));
  }
  return format as OutputFormat;
}

/** The profile's `cli_timestamp_format`: `iso8601` (the default) or `wire`; anything else is a configuration error. */
export function timestampFormat(globals: GlobalOptions, env: NodeJS.ProcessEnv): TimestampFormat {
  const format = profileSetting(env, globals.profile, "cli_timestamp_format") ?? "iso8601";
  if (!TIMESTAMP_FORMATS.includes(format as TimestampFormat)) {
    throw configError(`Unknown cli_timestamp_format value: ${format}, valid values are "wire" or "iso8601"`);
  }
  return format as TimestampFormat;
}

export function checkColor(globals: GlobalOptions): void {
  const choices = ["on", "off", "auto"];
  if (globals.color !== undefined && !choices.includes(globals.color)) {
    throw usageError(invalidChoiceMessage("--color", globals.color, choices));
  }
}

/**
 * The region the emulator files resources under; the local backend needs no configuration for it. A
 * value that is no region name is refused before it reaches an ARN, as botocore refuses it.
 */
export function localRegion(globals: GlobalOptions, env: NodeJS.ProcessEnv): string {
  const region =
    globals.region ??
    env.AWS_REGION ??
    env.AWS_DEFAULT_REGION ??
    profileSetting(env, globals.profile, "region") ??
    "us-east-1";
  if (!isRegionName(region)) throw new CliError(invalidRegionMessage(region), EXIT.general);
  return region;
}

export function localAccount(env: NodeJS.ProcessEnv): string {
  const account = env.MESH_ACCOUNT_ID ?? "123456789012";
  if (!/^\d{12}$/.test(account)) throw configError(`MESH_ACCOUNT_ID must be 12 digits, got "${account}"`);
  return account;
}

/** `MESH_STATE_DIR`, else `$XDG_STATE_HOME/mesh`, else `~/.local/state/mesh`. */
export function stateDir(env: NodeJS.ProcessEnv): string {
  if (env.MESH_STATE_DIR) return env.MESH_STATE_DIR;
  const base = env.XDG_STATE_HOME || join(env.HOME || homedir(), ".local", "state");
  return join(base, "mesh");
}
