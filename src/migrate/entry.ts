/**
 * Migration as the CLI loads it: a bundle of its own (dist/bundle/migrate.cjs), read only by `mesh
 * import`, `mesh export`, `route-check --against`, `delete-mesh --cascade` and `--from` documents, so
 * no other command parses a line of it.
 */

export { applyDocuments } from "./apply/apply.js";
export { CascadeError, deleteAll, deletionPlan } from "./cascade/cascade.js";
export { differences } from "./evaluate/compare.js";
export { gatewayApiEvaluator } from "./evaluate/gateway-api.js";
export { istioEvaluator } from "./evaluate/istio.js";
export { EXPORTERS } from "./export/exporters.js";
export { serviceHost } from "./export/gateway-api/export.js";
export { labelName, objectName } from "./export/names.js";
export { sortDocuments } from "./import/imported.js";
export { asDocumentSet, loadSources } from "./import/load.js";
export { documentsYaml, documentValue, writeDocuments } from "./import/write.js";
