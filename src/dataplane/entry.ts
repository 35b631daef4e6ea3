/**
 * The data plane as the CLI loads it: a bundle of its own (dist/bundle/dataplane.cjs), read only by
 * `mesh up`, `mesh explain` and `mesh route-check`, so no other command parses a line of it.
 */

export { appMeshAnswer } from "./explain/answer.js";
export { type Decision, ExplainError, explain } from "./explain/explain.js";
export { parseTable, RouteCheckTableError, runCase } from "./explain/route-check.js";
export { EndpointOverrideError, parseEndpointOverride } from "./up/endpoints.js";
export { type ListenerEntry, MeshUp, type UpOptions } from "./up/mesh-up.js";
export type { MeshSource } from "./up/source.js";
