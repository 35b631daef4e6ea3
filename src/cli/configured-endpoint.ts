/**
 * Where the AWS CLI sends a service's requests, in its order: `--endpoint-url`, then (unless
 * AWS_IGNORE_CONFIGURED_ENDPOINT_URLS or the profile's `ignore_configured_endpoint_urls` is true)
 * AWS_ENDPOINT_URL_<SERVICE>, AWS_ENDPOINT_URL, the profile's `services` section, the profile's
 * `endpoint_url`. A configured endpoint means the user wants that endpoint: it selects the AWS backend.
 */
import type { ServiceModel } from "../model/types.js";
import type { GlobalOptions } from "./global-options.js";
import { profileSetting, serviceSetting } from "./profile-setting.js";

/** The service's names in configuration: `APP_MESH` in the environment, `app_mesh` in a services section. */
function configNames(model: ServiceModel): { env: string; config: string } {
  const words = model.metadata.serviceId.trim().split(/\s+/);
  return { env: words.join("_").toUpperCase(), config: words.join("_").toLowerCase() };
}

const isTrue = (value: string | undefined) => value?.toLowerCase() === "true";

export function configuredEndpoint(
  model: ServiceModel,
  globals: GlobalOptions,
  env: NodeJS.ProcessEnv,
): string | undefined {
  if (globals.endpointUrl !== undefined) return globals.endpointUrl;
  const ignore =
    env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS !== undefined
      ? isTrue(env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS)
      : isTrue(profileSetting(env, globals.profile, "ignore_configured_endpoint_urls"));
  if (ignore) return undefined;
  const names = configNames(model);
  return (
    env[`AWS_ENDPOINT_URL_${names.env}`] ||
    env.AWS_ENDPOINT_URL ||
    serviceSetting(env, globals.profile, names.config, "endpoint_url") ||
    profileSetting(env, globals.profile, "endpoint_url")
  );
}
