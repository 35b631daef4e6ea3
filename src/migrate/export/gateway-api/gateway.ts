/**
 * A virtual gateway as a Gateway API Gateway: a listener per App Mesh listener (`listener-<port>`),
 * HTTPS when its TLS terminates there, with the certificate as a Secret reference (the SDS secret's
 * name, or a name the export gives a file or ACM certificate) and client certificate validation as the
 * Gateway's frontend TLS validation.
 */
import type { VirtualGatewaySpec } from "@aws-sdk/client-app-mesh";
import type { Resource } from "../../../snapshot/snapshot.js";
import { certificateSecret } from "../certificate-secret.js";
import { type Ledger, resourceName } from "../ledger.js";
import { labelName, objectName } from "../names.js";
import type { Json } from "./rules.js";

const GATEWAY_CLASS = "mesh-export";

export function gatewayObject(gateway: Resource<VirtualGatewaySpec>, namespace: string, ledger: Ledger): Json {
  const at = resourceName("virtualGateway", gateway.name);
  let validation: Json | undefined;
  const listeners = (gateway.spec.listeners ?? []).map((listener, i) => {
    const path = `spec.listeners[${i}]`;
    const port = listener.portMapping?.port ?? 0;
    const kind = listener.portMapping?.protocol === "grpc" ? "GRPCRoute" : "HTTPRoute";
    ledger.expressed(at, `${path}.portMapping`);
    const out: Json = { name: `listener-${port}`, port, protocol: "HTTP", allowedRoutes: { kinds: [{ kind }] } };
    const tls = listener.tls;
    if (tls && tls.mode !== "DISABLED") {
      const sdsSecret = tls.certificate?.sds?.secretName;
      const name = certificateSecret(
        ledger,
        at,
        path,
        { gateway: gateway.name, port, sdsSecret },
        (secret) => `the Secret ${secret}, to be created`,
      );
      out.protocol = "HTTPS";
      out.tls = { mode: "Terminate", certificateRefs: [{ kind: "Secret", name }] };
      if (tls.mode === "PERMISSIVE")
        ledger.gap(at, `${path}.tls.mode`, "TLS and plain text on the same port", "TLS only");
      else ledger.expressed(at, `${path}.tls.mode`);
      if (tls.validation) {
        const ca = tls.validation.trust?.sds?.secretName ?? `${labelName(gateway.name)}-client-ca`;
        validation = { caCertificateRefs: [{ group: "", kind: "ConfigMap", name: ca }] };
        ledger.gap(
          at,
          `${path}.tls.validation`,
          "client certificates checked against a trust, for this listener, with subject alternative names",
          `the Gateway's frontend validation against the ConfigMap ${ca}, for every listener; SANs not checked`,
        );
      }
    } else if (tls) {
      ledger.expressed(at, `${path}.tls`);
    }
    if (listener.healthCheck)
      ledger.gap(at, `${path}.healthCheck`, "the gateway's health check of its listener", "not exported");
    if (listener.connectionPool)
      ledger.gap(
        at,
        `${path}.connectionPool`,
        "limits on the gateway's inbound connections and requests",
        "not exported",
      );
    return out;
  });
  if (gateway.spec.logging) ledger.gap(at, "spec.logging", "the gateway's access log file", "not exported");
  if (gateway.spec.backendDefaults)
    ledger.gap(at, "spec.backendDefaults", "TLS from the gateway to the mesh", "not exported");
  const spec: Json = { gatewayClassName: GATEWAY_CLASS, listeners };
  if (validation) spec.tls = { frontend: { default: { validation } } };
  return {
    apiVersion: "gateway.networking.k8s.io/v1",
    kind: "Gateway",
    metadata: { name: objectName(gateway.name), namespace },
    spec,
  };
}
