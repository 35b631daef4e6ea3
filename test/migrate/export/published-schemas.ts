/**
 * The published schemas of Istio's and Gateway API's CRDs, through the models of
 * @kubernetes-models/istio and @kubernetes-models/gateway-api: each exported object is checked against
 * the schema of its apiVersion and kind.
 */
import { Gateway as GatewayApiGateway } from "@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1/Gateway";
import { GRPCRoute } from "@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1/GRPCRoute";
import { HTTPRoute } from "@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1/HTTPRoute";
import { TCPRoute } from "@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1alpha2/TCPRoute";
import { DestinationRule } from "@kubernetes-models/istio/networking.istio.io/v1/DestinationRule";
import { Gateway as IstioGateway } from "@kubernetes-models/istio/networking.istio.io/v1/Gateway";
import { ServiceEntry } from "@kubernetes-models/istio/networking.istio.io/v1/ServiceEntry";
import { VirtualService } from "@kubernetes-models/istio/networking.istio.io/v1/VirtualService";
import { PeerAuthentication } from "@kubernetes-models/istio/security.istio.io/v1/PeerAuthentication";

type Model = new (data: never) => { validate(): void };

const MODELS: Record<string, Model> = {
  "networking.istio.io/v1 VirtualService": VirtualService,
  "networking.istio.io/v1 DestinationRule": DestinationRule,
  "networking.istio.io/v1 ServiceEntry": ServiceEntry,
  "networking.istio.io/v1 Gateway": IstioGateway,
  "security.istio.io/v1 PeerAuthentication": PeerAuthentication,
  "gateway.networking.k8s.io/v1 Gateway": GatewayApiGateway,
  "gateway.networking.k8s.io/v1 HTTPRoute": HTTPRoute,
  "gateway.networking.k8s.io/v1 GRPCRoute": GRPCRoute,
  "gateway.networking.k8s.io/v1alpha2 TCPRoute": TCPRoute,
};

/** What is wrong with an object by its published schema ("" when nothing is). */
export function schemaProblems(object: { apiVersion?: string; kind?: string; metadata?: { name?: string } }): string {
  const Model = MODELS[`${object.apiVersion} ${object.kind}`];
  if (!Model) return `no published schema for ${object.apiVersion} ${object.kind}`;
  try {
    new Model(object as never).validate();
    return "";
  } catch (error) {
    return `${object.kind} ${object.metadata?.name}: ${(error as Error).message}`;
  }
}
