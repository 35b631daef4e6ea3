/**
 * A mesh of 200 resources, created through a backend: 50 virtual nodes, 20 routers with 3 routes each,
 * 40 virtual services (half provided by routers, half by nodes), 3 gateways with 9 gateway routes each.
 * Every reference App Mesh checks on delete is there, so only the right order deletes it.
 */
import type { Backend } from "../../../src/backend/backend.js";
import { appmesh } from "../../../src/model/generated/appmesh.js";
import { operationByName } from "../../../src/model/models.js";

export const BIG_MESH_RESOURCES = 200;

export async function createBigMesh(backend: Backend, mesh: string): Promise<void> {
  const call = (name: string, input: Record<string, unknown>) => {
    const operation = operationByName(appmesh, name);
    if (!operation) throw new Error(name);
    return backend.call(operation, { meshName: mesh, ...input });
  };
  const http = { portMapping: { port: 8080, protocol: "http" } };
  await call("CreateMesh", {});
  for (let n = 0; n < 50; n++) {
    const serviceDiscovery = { dns: { hostname: `node-${n}.big.local` } };
    await call("CreateVirtualNode", { virtualNodeName: `node-${n}`, spec: { listeners: [http], serviceDiscovery } });
  }
  for (let r = 0; r < 20; r++) {
    await call("CreateVirtualRouter", { virtualRouterName: `router-${r}`, spec: { listeners: [http] } });
    for (let k = 0; k < 3; k++) {
      const targets = [{ virtualNode: `node-${(r * 3 + k) % 50}`, weight: 1 }];
      const spec = { httpRoute: { match: { prefix: `/${k}` }, action: { weightedTargets: targets } } };
      await call("CreateRoute", { virtualRouterName: `router-${r}`, routeName: `route-${k}`, spec });
    }
    const routed = { provider: { virtualRouter: { virtualRouterName: `router-${r}` } } };
    await call("CreateVirtualService", { virtualServiceName: `routed-${r}.local`, spec: routed });
    const direct = { provider: { virtualNode: { virtualNodeName: `node-${r + 30}` } } };
    await call("CreateVirtualService", { virtualServiceName: `direct-${r}.local`, spec: direct });
  }
  for (let g = 0; g < 3; g++) {
    await call("CreateVirtualGateway", { virtualGatewayName: `gateway-${g}`, spec: { listeners: [http] } });
    for (let k = 0; k < 9; k++) {
      const target = { virtualService: { virtualServiceName: `routed-${(g * 9 + k) % 20}.local` } };
      const spec = { httpRoute: { match: { prefix: `/g${k}` }, action: { target } } };
      await call("CreateGatewayRoute", { virtualGatewayName: `gateway-${g}`, gatewayRouteName: `gr-${k}`, spec });
    }
  }
}
