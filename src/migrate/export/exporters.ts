/** Each export target's exporter, by its name in targets.ts (a missing one does not compile). */
import { exportEnvoy } from "./envoy/export.js";
import type { Exporter } from "./export-target.js";
import { exportGatewayApi } from "./gateway-api/export.js";
import { exportIstio } from "./istio/export.js";
import { exportLattice } from "./lattice/export.js";
import { exportServiceConnect } from "./service-connect/export.js";
import type { TargetName } from "./targets.js";

export const EXPORTERS: Record<TargetName, Exporter> = {
  envoy: exportEnvoy,
  istio: exportIstio,
  "gateway-api": exportGatewayApi,
  "service-connect": exportServiceConnect,
  lattice: exportLattice,
};
