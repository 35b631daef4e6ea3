/**
 * The AWS backend's settings, resolved the way the AWS CLI resolves them: region from the flag, the
 * environment or the profile; the profile from the flag or AWS_PROFILE; attempts from AWS_MAX_ATTEMPTS.
 */
export interface AwsBackendConfig {
  region?: string;
  profile?: string;
  /** Where to send requests instead of the service's regional endpoint (`mesh serve`, a proxy…). */
  endpointUrl?: string;
  signRequest: boolean;
  verifySsl: boolean;
  caBundle?: string;
  /** Seconds; 0 means wait forever (as the AWS CLI's 0). */
  connectTimeout?: number;
  readTimeout?: number;
  env: NodeJS.ProcessEnv;
  /** `--debug`: where each request and response is logged (logger name, message). */
  debug?: (logger: string, message: string) => void;
}

export const DEFAULT_TIMEOUT_SECONDS = 60;

export function maxAttempts(env: NodeJS.ProcessEnv): number {
  const attempts = Number(env.AWS_MAX_ATTEMPTS);
  return Number.isInteger(attempts) && attempts > 0 ? attempts : 3;
}

export function profileName(config: AwsBackendConfig): string | undefined {
  return config.profile ?? config.env.AWS_PROFILE ?? undefined;
}
