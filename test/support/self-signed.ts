import selfsigned from "selfsigned";

/** A PEM key and certificate pair for `localhost` / 127.0.0.1. */
export interface TestCertificate {
  readonly key: string;
  readonly cert: string;
}

/**
 * Generates a throwaway self-signed certificate valid for `localhost` and 127.0.0.1 (one day), so
 * TLS tests never depend on files or the system trust store.
 */
export async function selfSignedCertificate(): Promise<TestCertificate> {
  const pems = await selfsigned.generate([{ name: "commonName", value: "localhost" }], {
    days: 1,
    keySize: 2048,
    extensions: [{ name: "subjectAltName", altNames: [{ type: 2, value: "localhost" }, { type: 7, ip: "127.0.0.1" }] }],
  } as never);
  return { key: pems.private, cert: pems.cert };
}
