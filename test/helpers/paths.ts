/** Where the repository is, whether the tests run from their sources or from dist/. */
import { fileURLToPath } from "node:url";

export const repoRoot = fileURLToPath(
  new URL(import.meta.url.includes("/dist/") ? "../../../" : "../../", import.meta.url),
);
