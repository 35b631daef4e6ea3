/**
 * The meshes the graph tests draw, as `mesh validate` documents under test/fixtures/graph/: the
 * walkthrough (a gateway, a 90/10 route, a header-match route) and one with every dangling reference.
 */
import { join } from "node:path";
import { buildGraph } from "../../src/graph/build.js";
import type { MeshGraph } from "../../src/graph/model.js";
import { snapshotFromDocuments } from "../../src/validate/document-snapshot.js";
import { loadDocuments } from "../../src/validate/documents.js";
import { runMain } from "../helpers/run-mesh.js";
import { GRAPH_FIXTURES } from "./expected.js";

export const WALKTHROUGH = join(GRAPH_FIXTURES, "walkthrough");
export const DANGLING = join(GRAPH_FIXTURES, "dangling");

/** The graph of a directory of documents, without the CLI. */
export async function documentsGraph(dir: string): Promise<MeshGraph> {
  return buildGraph(snapshotFromDocuments(await loadDocuments([dir]), undefined));
}

/** Creates what the documents declare in the local emulator, one `mesh <operation> --cli-input-json` each. */
export async function createInEmulator(dir: string, stateDir: string): Promise<void> {
  for (const { operation, input } of (await loadDocuments([dir])).documents) {
    const result = await runMain([operation.cliName, "--cli-input-json", JSON.stringify(input)], { stateDir });
    if (result.code !== 0) throw new Error(`mesh ${operation.cliName} failed: ${result.stderr}`);
  }
}
