/**
 * The port every signer goes through (a PKCS#12 key held by the system, a remote signing service,
 * later a USB token through a desktop agent): the PDF side computes the digest of the bytes to
 * sign and embeds whatever CMS comes back; it never sees a private key.
 */
export interface SignerCertificate {
  /** The signer's certificate (DER). */
  certificate: Buffer;
  /** Its issuers up to the root, nearest first (DER). */
  chain: Buffer[];
}

export interface SigningService {
  /** The certificate this service signs with; checked (validity, revocation) before every signature. */
  certificate(): Promise<SignerCertificate>;
  /** A detached CMS SignedData with PAdES baseline B-B attributes over content whose SHA-256 is `digest`. */
  signHash(digest: Buffer): Promise<Buffer>;
}
