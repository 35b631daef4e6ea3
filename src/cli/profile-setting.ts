/**
 * One setting of the active profile in the shared config file (`~/.aws/config`, or AWS_CONFIG_FILE),
 * read synchronously for the few settings the CLI itself needs (`output`). The AWS backend reads
 * profiles through the SDK's own loader; this stays out of the SDK so that local commands never load it.
 */
import { existsSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";

export function profileSetting(env: NodeJS.ProcessEnv, profile: string | undefined, key: string): string | undefined {
  const file = env.AWS_CONFIG_FILE ?? join(env.HOME || homedir(), ".aws", "config");
  if (!existsSync(file)) return undefined;
  const name = profile ?? env.AWS_PROFILE ?? "default";
  const wanted = name === "default" ? ["default", "profile default"] : [`profile ${name}`];
  let inProfile = false;
  for (const raw of readFileSync(file, "utf8").split(/\r?\n/)) {
    const line = raw.trim();
    const section = /^\[\s*(.+?)\s*\]$/.exec(line);
    if (section) inProfile = wanted.includes(section[1] as string);
    else if (inProfile && !/^\s/.test(raw)) {
      const setting = /^([\w-]+)\s*=\s*(.*)$/.exec(line);
      if (setting?.[1] === key) return setting[2]?.trim();
    }
  }
  return undefined;
}
