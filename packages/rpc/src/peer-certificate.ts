/**
 * The client's TLS certificate as a server handler sees it (`ctx.peerCertificate`), in the shape
 * Node and Bun give it (`tls.TLSSocket#getPeerCertificate()`), so that code written for either
 * reads the same fields. Declared here, not taken from `node:tls`, because the RPC layer knows no
 * transport: a transport fills it from whatever its TLS stack reports.
 *
 * Only a certificate the server verified against its `ca` is exposed (mTLS with
 * `requestCert: true`); without TLS, or without a verified client certificate, the field is
 * `undefined`.
 */
export interface PeerCertificate {
  /** Subject distinguished name: `CN`, `O`, `OU`, … (a field repeated in the DN is an array). */
  readonly subject: CertificateName;
  /** Issuer distinguished name, same shape as `subject`. */
  readonly issuer: CertificateName;
  /**
   * Subject alternative names as one string, e.g. `"DNS:api.example.com, URI:spiffe://example.org/ns/default/sa/web"`
   * (SPIFFE IDs and other workload identities are `URI:` entries).
   */
  readonly subjectaltname?: string;
  /** SHA-256 fingerprint, colon-separated hex (`"AB:CD:…"`): a stable key for pinning or allow lists. */
  readonly fingerprint256: string;
  /** SHA-1 fingerprint, colon-separated hex. */
  readonly fingerprint?: string;
  /** Serial number, hex. */
  readonly serialNumber: string;
  /** Start of validity, as OpenSSL prints it (`"Jan  1 00:00:00 2026 GMT"`). */
  readonly valid_from: string;
  /** End of validity, as OpenSSL prints it. */
  readonly valid_to: string;
  /** The DER encoding of the certificate. */
  readonly raw?: Uint8Array;
  /** Whatever else the TLS stack reports (`modulus`, `exponent`, `bits`, `ext_key_usage`, …). */
  readonly [field: string]: unknown;
}

/** A distinguished name: attribute → value (an array when the attribute repeats). */
export interface CertificateName {
  readonly CN?: string | readonly string[];
  readonly [attribute: string]: string | readonly string[] | undefined;
}
