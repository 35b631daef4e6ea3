/**
 * The published schemas of Istio's and Gateway API's CRDs, through the models of
 * @kubernetes-models/istio and @kubernetes-models/gateway-api: each exported object is checked against
 * the schema of its kind. The newest releases of those packages need Node 22, so the project keeps the
 * last ones for Node 20, whose schemas are one version older for some kinds: Istio's v1 resources are
 * checked against v1beta1's schema (the same specs, promoted unchanged) and Gateway API's v1 GRPCRoute
 * against v1alpha2's.
 */
import { Gateway as GatewayApiGateway } from "@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1/Gateway";
import { HTTPRoute } from "@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1/HTTPRoute";
import { GRPCRoute } from "@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1alpha2/GRPCRoute";
import { TCPRoute } from "@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1alpha2/TCPRoute";
import { DestinationRule } from "@kubernetes-models/istio/networking.istio.io/v1beta1/DestinationRule";
import { Gateway as IstioGateway } from "@kubernetes-models/istio/networking.istio.io/v1beta1/Gateway";
import { ServiceEntry } from "@kubernetes-models/istio/networking.istio.io/v1beta1/ServiceEntry";
import { VirtualService } from "@kubernetes-models/istio/networking.istio.io/v1beta1/VirtualService";
import { PeerAuthentication } from "@kubernetes-models/istio/security.istio.io/v1beta1/PeerAuthentication";

type Model = new (data: never) => { validate(): void };

/** By the exported apiVersion and kind: the model, and the apiVersion its schema is published under. */
const MODELS: Record<string, [Model, string]> = {
  "networking.istio.io/v1 VirtualService": [VirtualService, "networking.istio.io/v1beta1"],
  "networking.istio.io/v1 DestinationRule": [DestinationRule, "networking.istio.io/v1beta1"],
  "networking.istio.io/v1 ServiceEntry": [ServiceEntry, "networking.istio.io/v1beta1"],
  "networking.istio.io/v1 Gateway": [IstioGateway, "networking.istio.io/v1beta1"],
  "security.istio.io/v1 PeerAuthentication": [PeerAuthentication, "security.istio.io/v1beta1"],
  "gateway.networking.k8s.io/v1 Gateway": [GatewayApiGateway, "gateway.networking.k8s.io/v1"],
  "gateway.networking.k8s.io/v1 HTTPRoute": [HTTPRoute, "gateway.networking.k8s.io/v1"],
  "gateway.networking.k8s.io/v1 GRPCRoute": [GRPCRoute, "gateway.networking.k8s.io/v1alpha2"],
  "gateway.networking.k8s.io/v1alpha2 TCPRoute": [TCPRoute, "gateway.networking.k8s.io/v1alpha2"],
};

/** What is wrong with an object by its published schema ("" when nothing is). */
export function schemaProblems(object: { apiVersion?: string; kind?: string; metadata?: { name?: string } }): string {
  const entry = MODELS[`${object.apiVersion} ${object.kind}`];
  if (!entry) return `no published schema for ${object.apiVersion} ${object.kind}`;
  const [Model, apiVersion] = entry;
  try {
    new Model({ ...object, apiVersion } as never).validate();
    return "";
  } catch (error) {
    return `${object.kind} ${object.metadata?.name}: ${(error as Error).message}`;
  }
}
