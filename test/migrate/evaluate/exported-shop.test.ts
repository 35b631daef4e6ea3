/**
 * The evaluators on the exports of the shop mesh: a table of requests, each with where App Mesh's
 * routes send it (worked out by hand from the routes, priorities and gateway rewrites). The Istio
 * export routes every one the same; the Gateway API export differs exactly where its gap report says
 * (an inverted header match it had to leave out).
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { before, describe, it } from "node:test";
import type { Decision, Evaluator, RouteRequest } from "../../../src/migrate/evaluate/decision.js";
import { gatewayApiEvaluator } from "../../../src/migrate/evaluate/gateway-api.js";
import { istioEvaluator } from "../../../src/migrate/evaluate/istio.js";
import { exportGatewayApi } from "../../../src/migrate/export/gateway-api/export.js";
import { exportIstio } from "../../../src/migrate/export/istio/export.js";
import { asDocumentSet, loadSources } from "../../../src/migrate/import/load.js";
import { snapshotFromDocuments } from "../../../src/validate/document-snapshot.js";
import { repoRoot } from "../../helpers/paths.js";

const GRPC = { "content-type": "application/grpc" };
const CATALOG = "http://catalog.shop.svc.cluster.local:8080";
const SPLIT = "catalog-v1 90%, catalog-v2_shop 10%";

/** A request, and where App Mesh sends it: virtual nodes with their shares, or "no match". */
const TABLE: [string, RouteRequest, string][] = [
  ["catch-all route, weighted", { url: `${CATALOG}/items` }, SPLIT],
  [
    "header, query and method match (priority 1)",
    { url: `${CATALOG}/items?preview=1`, headers: { "x-beta": "true" } },
    "catalog-v2_shop 100%",
  ],
  [
    "the method does not match",
    { url: `${CATALOG}/items?preview=1`, method: "POST", headers: { "x-beta": "true" } },
    SPLIT,
  ],
  ["inverted header, absent", { url: `${CATALOG}/v1/items` }, "catalog-v1 100%"],
  ["inverted header, present", { url: `${CATALOG}/v1/items`, headers: { "user-agent": "googlebot" } }, SPLIT],
  [
    "gRPC method and metadata prefix",
    {
      url: "http://inventory.shop.svc.cluster.local:9090/shop.Inventory/Get",
      method: "POST",
      headers: { ...GRPC, "x-tenant": "acme-1" },
    },
    "inventory 100%",
  ],
  [
    "gRPC metadata does not match",
    {
      url: "http://inventory.shop.svc.cluster.local:9090/shop.Inventory/Get",
      method: "POST",
      headers: { ...GRPC, "x-tenant": "other" },
    },
    "no match",
  ],
  ["TCP", { url: "tcp://ledger.shop.svc.cluster.local:5432" }, "ledger 100%"],
  [
    "gateway: host suffix and prefix, rewritten to /",
    { url: "https://api.example.com:8088/shop/x", gateway: "ingress-shop" },
    SPLIT,
  ],
  [
    "gateway: exact path rewritten to a route's exact path",
    { url: "http://api.example.com:8088/items?page=1", gateway: "ingress-shop", headers: { "x-api": "v2" } },
    "catalog-v1 100%",
  ],
  [
    "gateway: no gateway route for the host",
    { url: "http://api.example.org:8088/shop/x", gateway: "ingress-shop" },
    "no match",
  ],
  [
    "gateway: gRPC listener",
    {
      url: "http://api.example.com:8443/shop.Inventory/Get",
      method: "POST",
      gateway: "ingress-shop",
      headers: { ...GRPC, "x-tenant": "acme" },
    },
    "inventory 100%",
  ],
];

/** Where a decision sends the request, as the table says it. */
function outcome(decision: Decision): string {
  if ("noMatch" in decision) return "no match";
  const total = decision.targets.reduce((sum, t) => sum + t.weight, 0);
  return decision.targets.map((t) => `${t.virtualNode ?? t.host} ${Math.round((t.weight * 100) / total)}%`).join(", ");
}

describe("evaluating the exports of the shop mesh", () => {
  let istio: Evaluator;
  let gatewayApi: Evaluator;
  before(async () => {
    const file = join(repoRoot, "test", "fixtures", "migrate", "shop", "documents.yaml");
    const snapshot = snapshotFromDocuments(asDocumentSet(await loadSources([file])), undefined);
    istio = istioEvaluator(exportIstio(snapshot, { namespace: "shop" }).files[0]?.documents ?? []);
    gatewayApi = gatewayApiEvaluator(exportGatewayApi(snapshot, { namespace: "shop" }).files[0]?.documents ?? []);
  });

  for (const [what, request, expected] of TABLE) {
    it(`istio routes as App Mesh: ${what}`, () => assert.equal(outcome(istio(request)), expected));
  }

  it("gateway-api routes as App Mesh except where its gap report says: the inverted header match left out", () => {
    const differing = TABLE.filter(([, request, expected]) => outcome(gatewayApi(request)) !== expected).map(
      ([what]) => what,
    );
    assert.deepEqual(differing, ["inverted header, absent", "gateway: exact path rewritten to a route's exact path"]);
  });
});
