/**
 * A virtual gateway as an Istio Gateway: one server per listener. A listener's TLS terminates with the
 * Kubernetes secret named by its SDS secret (or, for a file or ACM certificate, a secret the export
 * names and someone must create); client certificate validation makes the server MUTUAL.
 */
import type { VirtualGatewaySpec } from "@aws-sdk/client-app-mesh";
import type { Resource } from "../../../snapshot/snapshot.js";
import { certificateSecret } from "../certificate-secret.js";
import { type Ledger, resourceName } from "../ledger.js";
import type { Json } from "./routes.js";

export function gatewayObject(gateway: Resource<VirtualGatewaySpec>, metadata: Json, ledger: Ledger): Json {
  const at = resourceName("virtualGateway", gateway.name);
  const servers = (gateway.spec.listeners ?? []).map((listener, i) => {
    const path = `spec.listeners[${i}]`;
    const port = listener.portMapping?.port ?? 0;
    const protocol = (listener.portMapping?.protocol ?? "http").toUpperCase();
    ledger.expressed(at, `${path}.portMapping`);
    const server: Json = { port: { number: port, name: `${protocol.toLowerCase()}-${port}`, protocol }, hosts: ["*"] };
    const tls = listener.tls;
    if (tls && tls.mode !== "DISABLED") {
      const sdsSecret = tls.certificate?.sds?.secretName;
      const credentialName = certificateSecret(
        ledger,
        at,
        path,
        { gateway: gateway.name, port, sdsSecret },
        (secret) => `the Kubernetes secret ${secret}, to be created`,
      );
      const validation = tls.validation;
      server.port = { number: port, name: `https-${port}`, protocol: "HTTPS" };
      server.tls = {
        mode: validation ? "MUTUAL" : "SIMPLE",
        credentialName,
        ...(validation?.subjectAlternativeNames?.match?.exact
          ? { subjectAltNames: validation.subjectAlternativeNames.match.exact }
          : {}),
      };
      if (validation) {
        ledger.expressed(at, `${path}.tls.validation.subjectAlternativeNames`);
        ledger.gap(
          at,
          `${path}.tls.validation.trust`,
          "the certificate authority that client certificates are checked against",
          `ca.crt in the secret ${credentialName}`,
        );
      }
      if (tls.mode === "PERMISSIVE")
        ledger.gap(at, `${path}.tls.mode`, "TLS and plain text on the same port", "TLS only");
      else ledger.expressed(at, `${path}.tls.mode`);
    } else if (tls) {
      ledger.expressed(at, `${path}.tls`);
    }
    if (listener.healthCheck)
      ledger.gap(
        at,
        `${path}.healthCheck`,
        "the gateway's health check of its listener",
        "not exported: the ingress gateway's own readiness probe",
      );
    if (listener.connectionPool)
      ledger.gap(
        at,
        `${path}.connectionPool`,
        "limits on the gateway's inbound connections and requests",
        "not exported",
      );
    return server;
  });
  if (gateway.spec.logging)
    ledger.gap(
      at,
      "spec.logging",
      "the gateway's access log file",
      "not exported: Istio's access logs are set with a Telemetry resource",
    );
  if (gateway.spec.backendDefaults)
    ledger.gap(
      at,
      "spec.backendDefaults",
      "TLS from the gateway to the mesh",
      "not exported: Istio's mutual TLS covers it",
    );
  return {
    apiVersion: "networking.istio.io/v1",
    kind: "Gateway",
    metadata,
    spec: { selector: { istio: "ingressgateway" }, servers },
  };
}
