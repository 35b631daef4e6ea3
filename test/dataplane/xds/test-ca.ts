/** A certificate authority made at run time (node-forge) and a server certificate it signs, for localhost. */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import forge from "node-forge";

export interface TestPki {
  caFile: string;
  certFile: string;
  keyFile: string;
  caPem: string;
}

function certificate(subject: string, publicKey: forge.pki.PublicKey, serial: string): forge.pki.Certificate {
  const cert = forge.pki.createCertificate();
  cert.publicKey = publicKey;
  cert.serialNumber = serial;
  cert.validity.notBefore = new Date(Date.now() - 60_000);
  cert.validity.notAfter = new Date(Date.now() + 24 * 3600_000);
  cert.setSubject([{ name: "commonName", value: subject }]);
  return cert;
}

export function makeTestPki(dir: string): TestPki {
  const caKeys = forge.pki.rsa.generateKeyPair(2048);
  const ca = certificate("mesh test CA", caKeys.publicKey, "01");
  ca.setIssuer(ca.subject.attributes);
  ca.setExtensions([
    { name: "basicConstraints", cA: true, critical: true },
    { name: "keyUsage", keyCertSign: true, cRLSign: true, critical: true },
  ]);
  ca.sign(caKeys.privateKey, forge.md.sha256.create());

  const keys = forge.pki.rsa.generateKeyPair(2048);
  const server = certificate("localhost", keys.publicKey, "02");
  server.setIssuer(ca.subject.attributes);
  server.setExtensions([
    { name: "keyUsage", digitalSignature: true, keyEncipherment: true },
    { name: "extKeyUsage", serverAuth: true },
    {
      name: "subjectAltName",
      altNames: [
        { type: 2, value: "localhost" },
        { type: 7, ip: "127.0.0.1" },
      ],
    },
  ]);
  server.sign(caKeys.privateKey, forge.md.sha256.create());

  const caPem = forge.pki.certificateToPem(ca);
  const files = {
    caFile: join(dir, "ca.pem"),
    certFile: join(dir, "server.pem"),
    keyFile: join(dir, "server-key.pem"),
  };
  writeFileSync(files.caFile, caPem);
  writeFileSync(files.certFile, forge.pki.certificateToPem(server));
  writeFileSync(files.keyFile, forge.pki.privateKeyToPem(keys.privateKey));
  return { ...files, caPem };
}
