/**
 * Exports of the shop mesh, which uses every App Mesh feature an export must map (retry events, outlier
 * detection, pools, mTLS with SANs, gateway rewrites, header / query / method matches, weights, TCP and
 * gRPC routes): Istio and Gateway API objects pass their projects' published schemas; each target's
 * gap report names, per resource and path, what it cannot say and what it did instead, and accounts
 * for every field in use.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { before, describe, it } from "node:test";
import type { ExportResult } from "../../../src/migrate/export/export-target.js";
import { EXPORTERS } from "../../../src/migrate/export/exporters.js";
import { Ledger } from "../../../src/migrate/export/ledger.js";
import { EXPORT_TARGETS, exportTarget } from "../../../src/migrate/export/targets.js";
import { asDocumentSet, loadSources } from "../../../src/migrate/import/load.js";
import type { MeshSnapshot } from "../../../src/snapshot/snapshot.js";
import { snapshotFromDocuments } from "../../../src/validate/document-snapshot.js";
import { repoRoot } from "../../helpers/paths.js";
import { schemaProblems } from "./published-schemas.js";

const SHOP = join(repoRoot, "test", "fixtures", "migrate", "shop", "documents.yaml");

let shop: MeshSnapshot;
const results = new Map<string, ExportResult>();
before(async () => {
  shop = snapshotFromDocuments(asDocumentSet(await loadSources([SHOP])), undefined);
  for (const target of EXPORT_TARGETS) results.set(target.name, EXPORTERS[target.name](shop, { namespace: "shop" }));
});

const result = (target: string) => results.get(target) as ExportResult;
const documents = (target: string) => result(target).files.flatMap((file) => file.documents) as any[];
const gapsAt = (target: string, resource: string, path: string) =>
  result(target).gaps.filter((gap) => gap.resource === resource && gap.path === path);
const kinds = (target: string) => documents(target).map((d) => d.kind ?? d.Resources);

describe("the export targets", () => {
  it("are one table: envoy, istio, gateway-api, service-connect, lattice", () => {
    assert.deepEqual(
      EXPORT_TARGETS.map((target) => target.name),
      ["envoy", "istio", "gateway-api", "service-connect", "lattice"],
    );
    assert.equal(exportTarget("consul"), undefined);
  });

  for (const target of ["envoy", "istio", "gateway-api", "service-connect", "lattice"]) {
    it(`${target}: every field of the mesh is accounted for, none dropped without a reason`, () => {
      const silent = result(target).gaps.filter(
        (gap) => gap.instead === "not exported" && gap.detail.startsWith("not expressible"),
      );
      assert.deepEqual(silent, []);
      for (const gap of result(target).gaps) {
        assert.ok(gap.resource && gap.path.startsWith("spec") && gap.detail && gap.instead, JSON.stringify(gap));
      }
    });
  }
});

describe("the ledger", () => {
  it("reports a field in use that no exporter accounted for as not exported", () => {
    const ledger = new Ledger({ ...shop, virtualNodes: shop.virtualNodes.slice(0, 1) } as MeshSnapshot);
    ledger.expressed("VirtualNode catalog-v1", "spec.listeners");
    ledger.gap("VirtualNode catalog-v1", "spec.backends", "why", "what instead");
    const paths = ledger.gaps().map((gap) => `${gap.resource} ${gap.path} ${gap.instead}`);
    assert.ok(paths.includes("VirtualNode catalog-v1 spec.backends what instead"));
    assert.ok(paths.includes("VirtualNode catalog-v1 spec.logging.accessLog.file.path not exported"));
    assert.ok(!paths.some((path) => path.startsWith("VirtualNode catalog-v1 spec.listeners")));
  });
});

describe("istio", () => {
  it("every object passes Istio's published schema", () => {
    assert.deepEqual(documents("istio").map(schemaProblems).filter(Boolean), []);
    assert.deepEqual([...new Set(kinds("istio"))].sort(), [
      "DestinationRule",
      "Gateway",
      "PeerAuthentication",
      "ServiceEntry",
      "VirtualService",
    ]);
  });

  it("keeps routes in App Mesh's order, weights, retry events and timeouts", () => {
    const catalog = documents("istio").find(
      (d) => d.kind === "VirtualService" && d.spec.hosts[0] === "catalog.shop.svc.cluster.local",
    );
    assert.deepEqual(
      catalog.spec.http.map((r: any) => r.name),
      ["beta", "legacy", "main"],
    );
    const main = catalog.spec.http[2];
    assert.deepEqual(
      main.route.map((r: any) => r.weight),
      [90, 10],
    );
    assert.deepEqual(main.retries, {
      attempts: 3,
      perTryTimeout: "0.5s",
      retryOn: "reset,500,501,502,503,504,505,506,507,508,510,511,connect-failure",
    });
    assert.equal(main.timeout, "10s");
    assert.deepEqual(catalog.spec.http[0].retries, {
      attempts: 2,
      retryOn: "connect-failure,refused-stream,unavailable,503",
    });
    assert.deepEqual(catalog.spec.http[1].match[0].withoutHeaders, { "user-agent": { regex: ".*bot" } });
  });

  it("outlier detection is expressed; pools, health checks, certificates and backends are gaps", () => {
    assert.deepEqual(gapsAt("istio", "VirtualNode catalog-v1", "spec.listeners[0].outlierDetection"), []);
    const rule = documents("istio").find(
      (d) => d.kind === "DestinationRule" && d.spec.host === "catalog-v1.shop.svc.cluster.local",
    );
    assert.deepEqual(rule.spec.trafficPolicy.outlierDetection, {
      consecutive5xxErrors: 5,
      interval: "10s",
      baseEjectionTime: "30s",
      maxEjectionPercent: 50,
    });
    assert.match(
      gapsAt("istio", "VirtualNode catalog-v1", "spec.listeners[0].connectionPool")[0]?.instead ?? "",
      /each client's proxy/,
    );
    assert.equal(gapsAt("istio", "VirtualNode catalog-v1", "spec.listeners[0].healthCheck").length, 1);
    assert.equal(gapsAt("istio", "VirtualNode catalog-v1", "spec.listeners[0].tls.validation").length, 1);
    assert.equal(
      gapsAt("istio", "VirtualNode catalog-v1", "spec.backends[0].virtualService.virtualServiceName").length,
      1,
    );
  });

  it("client mTLS keeps its SANs on the backends' DestinationRule", () => {
    const inventory = documents("istio").find(
      (d) => d.kind === "DestinationRule" && d.spec.host === "inventory.shop.svc.cluster.local",
    );
    assert.deepEqual(inventory.spec.trafficPolicy.tls, {
      mode: "ISTIO_MUTUAL",
      subjectAltNames: ["inventory.shop.svc.cluster.local"],
    });
  });

  it("gateway routes are composed with their service's routes, with App Mesh's rewrites", () => {
    const routes = documents("istio").find((d) => d.kind === "VirtualService" && d.spec.gateways);
    const names = routes.spec.http.map((r: any) => r.name);
    assert.deepEqual(names.slice(0, 4), [
      "items_shop.beta",
      "items_shop.legacy",
      "items_shop.main",
      "items_shop.not-found",
    ]);
    const legacy = routes.spec.http.find((r: any) => r.name === "catalog.legacy");
    assert.deepEqual(legacy.match[0].uri, { exact: "/shop/v1/items" });
    assert.deepEqual(legacy.rewrite, { uri: "/v1/items", authority: "catalog.shop.svc.cluster.local" });
    assert.deepEqual(routes.spec.http.find((r: any) => r.name === "items_shop.not-found").directResponse, {
      status: 404,
    });
  });
});

describe("gateway-api", () => {
  it("every object passes Gateway API's published schema", () => {
    assert.deepEqual(documents("gateway-api").map(schemaProblems).filter(Boolean), []);
    assert.deepEqual([...new Set(kinds("gateway-api"))].sort(), ["GRPCRoute", "Gateway", "HTTPRoute", "TCPRoute"]);
  });

  it("an inverted header match cannot be said: the route is left out, not widened", () => {
    const [gap] = gapsAt("gateway-api", "Route catalog-router/legacy", "spec.httpRoute");
    assert.match(gap?.instead ?? "", /route legacy left out/);
    const route = documents("gateway-api").find((d) => d.metadata.name === "catalog.shop.svc.cluster.local");
    assert.deepEqual(
      route.spec.rules.map((r: any) => r.name),
      ["beta", "main"],
    );
  });

  it("reports what its retries, prefixes, query matches and priorities say differently", () => {
    assert.match(
      gapsAt("gateway-api", "Route catalog-router/main", "spec.httpRoute.retryPolicy.tcpRetryEvents")[0]?.instead ?? "",
      /status codes only/,
    );
    assert.equal(gapsAt("gateway-api", "Route inventory-router/grpc", "spec.grpcRoute.retryPolicy").length, 1);
    assert.equal(
      gapsAt("gateway-api", "GatewayRoute ingress_shop/items_shop", "spec.httpRoute.match.queryParameters[0]").length,
      1,
    );
    assert.ok(
      gapsAt("gateway-api", "Route catalog-router/main", "spec.httpRoute.match.prefix").some((g) =>
        /whole path segments/.test(g.instead),
      ),
    );
    assert.ok(gapsAt("gateway-api", "Route catalog-router/beta", "spec.priority").length > 0);
    assert.equal(gapsAt("gateway-api", "Route ledger-router/tcp", "spec.tcpRoute").length, 1);
  });

  it("keeps weights, timeouts and the gateway's rewrites", () => {
    const route = documents("gateway-api").find((d) => d.metadata.name === "catalog.shop.svc.cluster.local");
    const main = route.spec.rules.find((r: any) => r.name === "main");
    assert.deepEqual(
      main.backendRefs.map((b: any) => [b.name, b.weight]),
      [
        ["catalog-v1", 90],
        ["catalog-v2-shop", 10],
      ],
    );
    assert.deepEqual(main.timeouts, { request: "10s", backendRequest: "500ms" });
    const items = documents("gateway-api").find((d) => d.metadata.name === "ingress-shop-items-shop");
    assert.deepEqual(items.spec.rules[0].filters, [
      {
        type: "URLRewrite",
        urlRewrite: {
          hostname: "catalog.shop.svc.cluster.local",
          path: { type: "ReplaceFullPath", replaceFullPath: "/v1/items" },
        },
      },
    ]);
  });
});

describe("service-connect and lattice (CloudFormation)", () => {
  it("service-connect: one ECS service per node; routing is a gap, the catch-all route's largest target serves", () => {
    const [template] = documents("service-connect");
    const services = Object.values(template.Resources).filter((r: any) => r.Type === "AWS::ECS::Service");
    assert.equal(services.length, 4);
    const catalog = Object.values(template.Resources).find((r: any) =>
      r.Properties.ServiceConnectConfiguration?.Services?.some(
        (s: any) => s.ClientAliases[0].DnsName === "catalog.shop.svc.cluster.local",
      ),
    ) as any;
    assert.equal(catalog.Properties.TaskDefinition.Ref, "ServiceCatalogV1TaskDefinition");
    assert.match(
      gapsAt("service-connect", "Route catalog-router/main", "spec.httpRoute")[0]?.instead ?? "",
      /goes to catalog-v1/,
    );
    assert.equal(gapsAt("service-connect", "VirtualGateway ingress_shop", "spec").length, 1);
  });

  it("lattice: a rule per route it can say, renumbered in App Mesh's order; the others are left out", () => {
    const [template] = documents("lattice");
    const rules = Object.values(template.Resources).filter((r: any) => r.Type === "AWS::VpcLattice::Rule") as any[];
    assert.deepEqual(
      rules.map((r) => [r.Properties.Name, r.Properties.Priority]),
      [
        ["main", 1],
        ["grpc", 1],
      ],
    );
    assert.match(gapsAt("lattice", "Route catalog-router/beta", "spec.httpRoute")[0]?.detail ?? "", /query parameter/);
    assert.match(gapsAt("lattice", "Route catalog-router/legacy", "spec.httpRoute")[0]?.detail ?? "", /inverted/);
    assert.match(gapsAt("lattice", "Route ledger-router/tcp", "spec.tcpRoute")[0]?.detail ?? "", /TCP/);
    assert.equal(gapsAt("lattice", "Route catalog-router/main", "spec.httpRoute.retryPolicy").length, 1);
  });
});
