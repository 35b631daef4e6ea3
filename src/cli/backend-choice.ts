/**
 * Which backend a service's commands talk to: the local emulator unless an endpoint (`--endpoint-url`,
 * or one configured in the environment or the profile), `--backend aws` or `MESH_BACKEND=aws` asks for
 * the AWS backend (AWS's regional endpoint, or the URL given). `--backend local` keeps the local
 * backend whatever the configuration says, but not with `--endpoint-url`.
 */

import { AwsBackend } from "../backend/aws/aws-backend.js";
import type { DebugSink } from "../backend/aws/debug-log.js";
import type { Backend } from "../backend/backend.js";
import { LocalBackend } from "../backend/local-backend.js";
import type { ServiceModel } from "../model/types.js";
import { invalidChoiceMessage } from "./choices.js";
import { configuredEndpoint } from "./configured-endpoint.js";
import { CliError, EXIT, usageError } from "./errors.js";
import { type GlobalOptions, localAccount, localRegion, stateDir } from "./global-options.js";

const BACKENDS = ["local", "aws"];

function seconds(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw usageError(`argument ${flag}: invalid int value: '${value}'`);
  return Number(value);
}

export function chooseBackend(
  globals: GlobalOptions,
  env: NodeJS.ProcessEnv,
  service: ServiceModel,
  debug?: DebugSink,
): Backend {
  const named = globals.backend ?? env.MESH_BACKEND;
  if (named !== undefined && !BACKENDS.includes(named))
    throw usageError(invalidChoiceMessage("--backend", named, BACKENDS));
  if (named === "local" && globals.endpointUrl !== undefined)
    throw usageError("argument --endpoint-url: not allowed with the local backend (--backend local)");
  const endpointUrl = named === "local" ? undefined : configuredEndpoint(service, globals, env);
  const kind = named ?? (endpointUrl === undefined ? "local" : "aws");
  if (kind === "local") {
    return new LocalBackend({ region: localRegion(globals, env), account: localAccount(env), stateDir: stateDir(env) });
  }
  if (globals.endpointUrl !== undefined && !/^https?:\/\/[^/]/.test(globals.endpointUrl)) {
    throw new CliError(
      `Bad value for --endpoint-url "${globals.endpointUrl}": scheme is missing.  Must be of the form http://<hostname>/ or https://<hostname>/`,
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
    debug,
  });
}
