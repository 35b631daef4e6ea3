/** A mesh whose names hold every character the renderers must escape (only documents can hold such names). */
import { buildGraph } from "../../src/graph/build.js";
import type { MeshGraph } from "../../src/graph/model.js";
import { emptySnapshot as emptyResources } from "../../src/snapshot/snapshot.js";

export const AWKWARD = `a"b#c&d<e>f|g[h]{i}\\j`;

export function awkwardGraph(): MeshGraph {
  return buildGraph({
    ...emptyResources(`mesh "${AWKWARD}"`),
    virtualNodes: [
      {
        name: AWKWARD,
        spec: { backends: [{ virtualService: { virtualServiceName: `${AWKWARD}.local` } }] },
      },
    ],
    virtualRouters: [{ name: "r", spec: {} }],
    routes: [
      {
        name: `${AWKWARD}-route`,
        parent: "r",
        spec: {
          httpRoute: {
            match: { prefix: '/"quoted"#1', headers: [{ name: "x", match: { regex: "a|b<c>" } }] },
            action: { weightedTargets: [{ virtualNode: AWKWARD, weight: 100, port: 1 }] },
          },
        },
      },
    ],
  });
}
