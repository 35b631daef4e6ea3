/** `mesh --version`: `mesh/0.1.0 node/v20.20.2 linux/x64`, in the AWS CLI's `name/version …` form. */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The package's own package.json, found upwards from this file (it runs from dist/ in two layouts). */
function packageJson(): { version: string } {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, "package.json")) && dirname(dir) !== dir) dir = dirname(dir);
  return JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { version: string };
}

export function versionString(): string {
  return `mesh/${packageJson().version} node/${process.version} ${process.platform}/${process.arch}\n`;
}
