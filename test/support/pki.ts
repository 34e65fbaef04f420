import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A PEM key and certificate, and the PEM of the CA that signed it. */
export interface Issued {
  readonly key: string;
  readonly cert: string;
  readonly ca: string;
}

/** A certificate authority made by {@link createPki}: issues leaf certificates signed by its key. */
export interface TestCa {
  /** The CA's own certificate (what a peer puts in `ca` to trust it). */
  readonly cert: string;
  /**
   * A leaf certificate for `cn` with the given subjectAltName entries (`DNS:localhost`,
   * `IP:127.0.0.1`, `URI:spiffe://…`); `expired` back-dates it to 2020.
   */
  issue(cn: string, altNames: readonly string[], options?: { readonly expired?: boolean }): Issued;
}

/** What {@link createPki} returns: CAs on demand, and the temporary folder to remove. */
export interface TestPki extends Disposable {
  ca(name: string): TestCa;
}

/**
 * Real X.509 material made with the system's `openssl` (CAs, server and client certificates,
 * SPIFFE URI SANs, expired certificates), in a temporary folder removed on dispose — so TLS
 * tests depend on no files and no trust store.
 */
export function createPki(): TestPki {
  const dir = mkdtempSync(join(tmpdir(), "strand-pki-"));
  let serial = 1;
  const openssl = (...args: string[]): void => {
    const result = Bun.spawnSync(["openssl", ...args], { cwd: dir, stdout: "pipe", stderr: "pipe" });
    if (result.exitCode !== 0) throw new Error(`openssl ${args.join(" ")} failed: ${result.stderr.toString()}`);
  };
  const read = (file: string): string => readFileSync(join(dir, file), "utf8");
  return {
    ca(name) {
      openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", `${name}.key`, "-out", `${name}.pem`, "-days", "2", "-subj", `/CN=${name}`,
        "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign");
      const caCert = read(`${name}.pem`);
      return {
        cert: caCert,
        issue(cn, altNames, options = {}) {
          const leaf = `${name}-${serial++}`;
          openssl("req", "-new", "-newkey", "rsa:2048", "-nodes", "-keyout", `${leaf}.key`, "-out", `${leaf}.csr`, "-subj", `/CN=${cn}`);
          const ext = [`subjectAltName=${altNames.join(",")}`, "basicConstraints=CA:FALSE", "keyUsage=digitalSignature,keyEncipherment", "extendedKeyUsage=serverAuth,clientAuth"];
          writeFileSync(join(dir, `${leaf}.ext`), ext.join("\n") + "\n");
          if (options.expired === true) {
            // `openssl ca` is the one 3.0 command that takes explicit validity dates.
            writeFileSync(join(dir, `${leaf}.cnf`), caConfig(name));
            writeFileSync(join(dir, "index.txt"), "");
            openssl("ca", "-batch", "-config", `${leaf}.cnf`, "-in", `${leaf}.csr`, "-out", `${leaf}.pem`, "-extfile", `${leaf}.ext`,
              "-startdate", "20200101000000Z", "-enddate", "20200102000000Z", "-notext");
          } else {
            openssl("x509", "-req", "-in", `${leaf}.csr`, "-CA", `${name}.pem`, "-CAkey", `${name}.key`, "-set_serial", String(serial),
              "-days", "2", "-extfile", `${leaf}.ext`, "-out", `${leaf}.pem`);
          }
          return { key: read(`${leaf}.key`), cert: read(`${leaf}.pem`), ca: caCert };
        },
      };
    },
    [Symbol.dispose]() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A minimal `openssl ca` configuration signing with CA `name`'s files in the working folder. */
function caConfig(name: string): string {
  return [
    "[ca]",
    "default_ca = test_ca",
    "[test_ca]",
    "dir = .",
    "database = ./index.txt",
    "new_certs_dir = .",
    `certificate = ./${name}.pem`,
    `private_key = ./${name}.key`,
    "rand_serial = yes",
    "default_md = sha256",
    "policy = anything",
    "copy_extensions = none",
    "unique_subject = no",
    "[anything]",
    "commonName = supplied",
    "",
  ].join("\n");
}
