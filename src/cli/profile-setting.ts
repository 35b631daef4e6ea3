/**
 * Settings of the active profile in the shared config file (`~/.aws/config`, or AWS_CONFIG_FILE), read
 * synchronously for the few settings the CLI itself needs (`output`, `region`, `cli_pager`,
 * `cli_timestamp_format`, endpoints). The AWS backend reads credentials through the SDK's own loader;
 * this stays out of the SDK so that local commands never load it.
 */
import { existsSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";

/** A section's settings; a key with an empty value followed by indented lines holds sub-settings. */
type Section = Map<string, string | Map<string, string>>;

/** The active profile: `--profile`, else AWS_PROFILE, else `default`. */
export function activeProfile(env: NodeJS.ProcessEnv, profile: string | undefined): string {
  return profile ?? env.AWS_PROFILE ?? "default";
}

function configSections(env: NodeJS.ProcessEnv): Map<string, Section> {
  const file = env.AWS_CONFIG_FILE ?? join(env.HOME || homedir(), ".aws", "config");
  const sections = new Map<string, Section>();
  if (!existsSync(file)) return sections;
  let section: Section | undefined;
  let nested: Map<string, string> | undefined;
  for (const raw of readFileSync(file, "utf8").split(/\r?\n/)) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#") || line.startsWith(";")) continue;
    const header = /^\[\s*(.+?)\s*\]$/.exec(line);
    if (header) {
      section = new Map();
      nested = undefined;
      sections.set((header[1] as string).replace(/\s+/g, " "), section);
      continue;
    }
    const setting = /^([\w.-]+)\s*=\s*(.*)$/.exec(line);
    if (!section || !setting) continue;
    const [, key = "", value = ""] = setting;
    if (/^\s/.test(raw)) nested?.set(key, value.trim());
    else if (value.trim() === "") {
      nested = new Map();
      section.set(key, nested);
    } else {
      nested = undefined;
      section.set(key, value.trim());
    }
  }
  return sections;
}

function profileSection(sections: Map<string, Section>, name: string): Section | undefined {
  return name === "default"
    ? (sections.get("profile default") ?? sections.get("default"))
    : sections.get(`profile ${name}`);
}

export function profileSetting(env: NodeJS.ProcessEnv, profile: string | undefined, key: string): string | undefined {
  const value = profileSection(configSections(env), activeProfile(env, profile))?.get(key);
  return typeof value === "string" ? value : undefined;
}

/** `key` for one service in the profile's `services` section (`[services NAME]`, `app_mesh =` then indented settings). */
export function serviceSetting(
  env: NodeJS.ProcessEnv,
  profile: string | undefined,
  service: string,
  key: string,
): string | undefined {
  const sections = configSections(env);
  const servicesName = profileSection(sections, activeProfile(env, profile))?.get("services");
  if (typeof servicesName !== "string") return undefined;
  const settings = sections.get(`services ${servicesName}`)?.get(service);
  return settings instanceof Map ? settings.get(key) : undefined;
}
