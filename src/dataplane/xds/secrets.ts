/**
 * The material of the secrets translation points at over ADS (tls.ts: an ACM certificate by its ARN,
 * an ACM private CA trust by its CAs' ARNs joined by ","), which App Mesh read from ACM. A self-hosted
 * control plane has no ACM: `mesh serve --xds-secrets DIR` holds the exported PEM files, named by each
 * ARN's last segment: a certificate `…:certificate/<id>` as `<id>.pem` (its chain) and `<id>.key`, a
 * CA `…:certificate-authority/<id>` as `<id>.pem`. Files are read each time a proxy's resources are
 * built, and the folder is watched so that a change is built and pushed. Material that would make
 * Envoy reject the update (no certificate, a key of another certificate) is not sent. Messages name
 * files, never their content.
 */
import { createPrivateKey, X509Certificate } from "node:crypto";
import { readFileSync, watch } from "node:fs";
import { join } from "node:path";
import type { CertificateValidationContext, TlsCertificate } from "../envoy/tls.js";

/** envoy.extensions.transport_sockets.tls.v3.Secret, in the two kinds sent. */
export interface Secret {
  name: string;
  tls_certificate?: TlsCertificate;
  validation_context?: CertificateValidationContext;
}

/** A secret as read: the resource, or why it cannot be sent. */
export type SecretRead = { secret: Secret } | { unheld: string };

/** A change is often several writes (a chain, then its key): the folder is read once they settle. */
const SETTLE_MS = 100;

export class SecretFolder {
  /** Lines logged, by secret name: each is said once, until the secret is read whole. */
  private readonly logged = new Map<string, Set<string>>();

  constructor(
    /** Absolute; none: no folder was given. */
    readonly dir: string | undefined,
    private readonly log: (line: string) => void,
  ) {}

  read(name: string, kind: "certificate" | "trust"): SecretRead {
    const read = kind === "certificate" ? this.certificate(name) : this.trust(name);
    if ("secret" in read) this.logged.delete(name);
    return read;
  }

  /** Logs a line about a secret once, until the secret can be sent. */
  logOnce(name: string, line: string): void {
    const lines = this.logged.get(name) ?? new Set<string>();
    this.logged.set(name, lines);
    if (lines.has(line)) return;
    lines.add(line);
    this.log(line);
  }

  /** Calls `changed` after files of the folder change; returns how to stop. */
  watch(changed: () => void): () => void {
    const dir = this.dir;
    if (!dir) return () => {};
    let timer: NodeJS.Timeout | undefined;
    const watcher = watch(dir, { persistent: false }, () => {
      clearTimeout(timer);
      timer = setTimeout(changed, SETTLE_MS);
    });
    watcher.on("error", (error) =>
      this.log(
        `mesh serve: xDS: --xds-secrets ${dir} is no longer watched (${error.message}); its files are read again on the next change to the mesh`,
      ),
    );
    return () => {
      clearTimeout(timer);
      watcher.close();
    };
  }

  private certificate(name: string): SecretRead {
    const id = fileId(name);
    if (!id) return { unheld: `${name} is not an ACM certificate ARN (…:certificate/<id>)` };
    const texts = this.texts([`${id}.pem`, `${id}.key`]);
    if (!Array.isArray(texts)) return texts;
    const [chain = "", key = ""] = texts;
    const chainFile = this.path(`${id}.pem`);
    const keyFile = this.path(`${id}.key`);
    let certificate: X509Certificate;
    try {
      certificate = new X509Certificate(chain);
    } catch (error) {
      return { unheld: `${chainFile} holds no PEM certificate (${(error as Error).message})` };
    }
    try {
      if (!certificate.checkPrivateKey(createPrivateKey(key)))
        return { unheld: `${keyFile} is not the private key of the certificate in ${chainFile}` };
    } catch (error) {
      return { unheld: `${keyFile} holds no PEM private key (${(error as Error).message})` };
    }
    return {
      secret: {
        name,
        tls_certificate: { certificate_chain: { inline_string: chain }, private_key: { inline_string: key } },
      },
    };
  }

  private trust(name: string): SecretRead {
    const ids: string[] = [];
    for (const arn of name.split(",")) {
      const id = fileId(arn);
      if (!id) return { unheld: `${arn} is not an ACM private CA ARN (…:certificate-authority/<id>)` };
      ids.push(id);
    }
    const texts = this.texts(ids.map((id) => `${id}.pem`));
    if (!Array.isArray(texts)) return texts;
    for (const [index, pem] of texts.entries()) {
      try {
        new X509Certificate(pem);
      } catch (error) {
        return { unheld: `${this.path(`${ids[index]}.pem`)} holds no PEM certificate (${(error as Error).message})` };
      }
    }
    // Several CAs make one bundle, each ending its line.
    const bundle = texts.map((pem) => (pem.endsWith("\n") ? pem : `${pem}\n`)).join("");
    return { secret: { name, validation_context: { trusted_ca: { inline_string: bundle } } } };
  }

  /** The files' text, or why it cannot be had: no folder, or which files it lacks. */
  private texts(files: string[]): string[] | { unheld: string } {
    if (!this.dir) return { unheld: `mesh serve has no --xds-secrets folder to read ${files.join(" and ")} from` };
    const texts: string[] = [];
    const problems: string[] = [];
    for (const file of files) {
      const path = this.path(file);
      try {
        texts.push(readFileSync(path, "utf8"));
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        problems.push(code === "ENOENT" ? `${path} does not exist` : `cannot read ${path} (${code})`);
      }
    }
    return problems.length ? { unheld: problems.join("; ") } : texts;
  }

  private path(file: string): string {
    return join(this.dir ?? "", file);
  }
}

/** An ARN's last segment, when it can name a file of the folder (and nothing outside it). */
function fileId(arn: string): string | undefined {
  const id = arn.slice(arn.lastIndexOf("/") + 1);
  return /^[A-Za-z0-9_-][A-Za-z0-9._-]*$/.test(id) ? id : undefined;
}
