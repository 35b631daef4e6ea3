/**
 * Certificates made at run time for TLS tests (@peculiar/x509 over Node's WebCrypto, ECDSA P-256): a
 * certificate authority that issues leaf certificates with the SANs a test wants, written as PEM files
 * in a temporary folder, since App Mesh specs name certificates by file.
 */
import "reflect-metadata";
import { webcrypto } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as x509 from "@peculiar/x509";

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

const ALGORITHM = { name: "ECDSA", namedCurve: "P-256", hash: "SHA-256" };
const DAY_MS = 86_400_000;

/** The SANs of a leaf certificate, by type. */
export interface Sans {
  dns?: string[];
  ip?: string[];
  uri?: string[];
}

/** A leaf certificate and its key, as files (`certificateChain` holds the leaf, then the CA). */
export interface Issued {
  certificateChain: string;
  privateKey: string;
}

export interface Authority {
  /** The CA certificate's file: what a validation trust names. */
  certificate: string;
  issue(name: string, sans: Sans): Promise<Issued>;
}

/** A temporary folder for certificate files, removed by `remove`. */
export function certificateFolder(): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), "mesh-tls-"));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

export async function certificateAuthority(folder: string, name: string): Promise<Authority> {
  const keys = await webcrypto.subtle.generateKey(ALGORITHM, true, ["sign", "verify"]);
  const ca = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial(),
    name: `CN=${name}`,
    notBefore: new Date(Date.now() - DAY_MS),
    notAfter: new Date(Date.now() + DAY_MS),
    keys: keys as CryptoKeyPair,
    signingAlgorithm: ALGORITHM,
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
    ],
  });
  const caPem = ca.toString("pem");
  const certificate = join(folder, `${name}-ca.pem`);
  writeFileSync(certificate, caPem);
  return {
    certificate,
    async issue(leafName, sans) {
      const leafKeys = await webcrypto.subtle.generateKey(ALGORITHM, true, ["sign", "verify"]);
      const leaf = await x509.X509CertificateGenerator.create({
        serialNumber: serial(),
        subject: `CN=${leafName}`,
        issuer: ca.subject,
        notBefore: new Date(Date.now() - DAY_MS),
        notAfter: new Date(Date.now() + DAY_MS),
        publicKey: (leafKeys as CryptoKeyPair).publicKey,
        signingKey: (keys as CryptoKeyPair).privateKey,
        signingAlgorithm: ALGORITHM,
        extensions: [
          new x509.SubjectAlternativeNameExtension([
            ...(sans.dns ?? []).map((value) => ({ type: "dns" as const, value })),
            ...(sans.ip ?? []).map((value) => ({ type: "ip" as const, value })),
            ...(sans.uri ?? []).map((value) => ({ type: "url" as const, value })),
          ]),
          new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth, x509.ExtendedKeyUsage.clientAuth]),
        ],
      });
      const key = await webcrypto.subtle.exportKey("pkcs8", (leafKeys as CryptoKeyPair).privateKey);
      const certificateChain = join(folder, `${leafName}.pem`);
      const privateKey = join(folder, `${leafName}.key`);
      writeFileSync(certificateChain, `${leaf.toString("pem")}\n${caPem}\n`);
      writeFileSync(privateKey, x509.PemConverter.encode(key, "PRIVATE KEY"));
      return { certificateChain, privateKey };
    },
  };
}

let serials = 0;
function serial(): string {
  serials++;
  return serials.toString(16).padStart(2, "0");
}
