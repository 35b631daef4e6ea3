/**
 * Which backend a command talks to: the local emulator unless `--endpoint-url`, `--backend aws` or
 * `MESH_BACKEND=aws` asks for the AWS backend (AWS's regional endpoint, or the URL given).
 */

import { AwsBackend } from "../backend/aws/aws-backend.js";
import type { Backend } from "../backend/backend.js";
import { LocalBackend } from "../backend/local-backend.js";
import { invalidChoiceMessage } from "./choices.js";
import { CliError, EXIT, usageError } from "./errors.js";
import { type GlobalOptions, localAccount, localRegion, stateDir } from "./global-options.js";

const BACKENDS = ["local", "aws"];

function seconds(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw usageError(`argument ${flag}: invalid int value: '${value}'`);
  return Number(value);
}

export function chooseBackend(globals: GlobalOptions, env: NodeJS.ProcessEnv): Backend {
  const { endpointUrl } = globals;
  const named = globals.backend ?? env.MESH_BACKEND;
  if (named !== undefined && !BACKENDS.includes(named))
    throw usageError(invalidChoiceMessage("--backend", named, BACKENDS));
  const kind = named ?? (endpointUrl === undefined ? "local" : "aws");
  if (kind === "local") {
    if (endpointUrl !== undefined)
      throw usageError("argument --endpoint-url: not allowed with the local backend (--backend local)");
    return new LocalBackend({ region: localRegion(globals, env), account: localAccount(env), stateDir: stateDir(env) });
  }
  if (endpointUrl !== undefined && !/^https?:\/\/[^/]/.test(endpointUrl)) {
    throw new CliError(
      `Bad value for --endpoint-url "${endpointUrl}": scheme is missing.  Must be of the form http://<hostname>/ or https://<hostname>/`,
      EXIT.usage,
    );
  }
  return new AwsBackend({
    region: globals.region,
    profile: globals.profile,
    endpointUrl,
    signRequest: globals.signRequest,
    verifySsl: globals.verifySsl,
    caBundle: globals.caBundle,
    connectTimeout: seconds(globals.cliConnectTimeout, "--cli-connect-timeout"),
    readTimeout: seconds(globals.cliReadTimeout, "--cli-read-timeout"),
    env,
  });
}
