/**
 * Every command that reaches the local state, on every kind of broken state: one line on stderr that
 * says what and where, nothing on stdout, exit 255. Run in-process through main() (a subprocess per
 * command would take minutes); bin/mesh.js itself is covered by test/reliability/broken-state.test.ts.
 */
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { appmesh } from "../../src/model/generated/appmesh.js";
import { servicediscovery } from "../../src/model/generated/servicediscovery.js";
import { brokenStates } from "../helpers/broken-states.js";
import { minimalInput } from "../helpers/minimal-input.js";
import { runMain, tempStateDir } from "../helpers/run-mesh.js";

/** Each command line, with a minimal input (operations: as --cli-input-json). */
function commands(routeTable: string, savedMesh: string): string[][] {
  return [
    ...appmesh.operations.map((op) => [op.cliName, "--cli-input-json", JSON.stringify(minimalInput(appmesh, op))]),
    ...servicediscovery.operations.map((op) => [
      "servicediscovery",
      op.cliName,
      "--cli-input-json",
      JSON.stringify(minimalInput(servicediscovery, op)),
    ]),
    ["graph", "--mesh-name", "m"],
    ["explain", "--mesh-name", "m", "--virtual-node", "n", "http://s.local/"],
    ["route-check", "--mesh-name", "m", routeTable],
    ["serve", "--port", "0"],
    ["up"],
    ["delete-mesh", "--mesh-name", "m", "--cascade"],
    ["import", savedMesh, "--apply"],
    ["export", "--mesh-name", "m", "--to", "istio"],
  ];
}

describe("every command on a broken state: one line, exit 255", { timeout: 60_000 }, () => {
  const root = tempStateDir();
  after(() => root.cleanup());
  const routeTable = join(root.dir, "routes.yaml");
  writeFileSync(routeTable, 'from: n\ntests:\n  - request: { url: "http://s.local/" }\n    expect: { status: 404 }\n');
  const savedMesh = join(root.dir, "describe-mesh.json");
  writeFileSync(savedMesh, '{"mesh": {"meshName": "m", "spec": {}}}\n');
  const COMMANDS = commands(routeTable, savedMesh);

  for (const state of brokenStates(root.dir)) {
    it(state.name, async () => {
      const failures: string[] = [];
      for (const args of COMMANDS) {
        const result = await runMain(args, { stateDir: state.dir });
        const line = result.stderr.trim();
        const ok =
          result.code === 255 && result.stdout === "" && /^\n[^\n]+\n$/.test(result.stderr) && state.message.test(line);
        if (!ok) failures.push(`${args.slice(0, 2).join(" ")}: exit ${result.code}: ${JSON.stringify(result.stderr)}`);
      }
      assert.deepEqual(failures, []);
    });
  }
});
