/**
 * Digital signatures (chữ ký số), behind a port. What other modules import; nothing else in
 * src/modules/signing is meant to be used from outside.
 *
 * Setup (once per process, from config.signing):
 *   const key = atRestKey(config.signing.keySecret);
 *
 * Development certificate authority (created on first use, stored in signing_authorities):
 *   devAuthority(pool, key): Promise<DevAuthority>                  — .certificate (DER) is the root to trust
 *   hasDevAuthority(db): Promise<boolean>                           — whether it exists (the demo), without making it
 *   issueSigningKey(pool, key, holder, { by, notBefore?, notAfter? }): Promise<SigningKeyInfo>
 *       holder = { kind: 'officer', staffId, fullName, agencyId, agencyName } | { kind: 'organisation', agencyId, agencyName }
 *   importSigningKey(pool, key, holder, { pkcs12, password }, by): Promise<SigningKeyInfo> — a key from the province's CA
 *   revokeSigningKey(pool, key, keyId, reason, by): Promise<void>   — a new CRL at once; audited
 *   currentCrl(pool, key): Promise<Buffer>                          — DER, to publish (e.g. GET /ky-so/crl)
 *   listKeys(pool, { staffId } | { agencyId }): Promise<KeyRow[]>
 *
 * Signing (the port: SigningService = { certificate(), signHash(digest) → CMS }):
 *   openStoredSigner(pool, key, keyId): Promise<SigningService>     — a stored PKCS#12; open once per batch
 *   remoteSigner({ baseUrl, token, credentialId, pin }): SigningService — a remote signing service (CSC-like JSON)
 *   revocationSource(pool, key): RevocationSource                   — the dev CA's CRL, or the certificate's CRL URL
 *   signPdf(pdf, request, { signer, revocation }): Promise<Buffer>  — PAdES B-B, visible, incremental
 *       request = { placement: { page (0-based), x, y, width, height } (PDF points, origin bottom-left),
 *                   appearance: 'person' | 'organisation', documentNumber?, stamp? { placement, text }, image? (PNG),
 *                   reason?, location?, signedAt? }
 *       Refuses (AppError validation_failed, Vietnamese) an expired, not yet valid, revoked or
 *       unverifiable certificate before signing; bad_request for a PDF it cannot read.
 *
 * Verification of any signed PDF:
 *   loadTrustList(pool, config.signing.trustListFile): Promise<TrustList>
 *   verifyPdf(pdf, { trust, revocation }): Promise<PdfVerdict>       — per signature: status, signer, certificate,
 *       signing time, integrity, later changes, trust, revocation and Vietnamese messages; bad_request if not a PDF
 *
 * Development and tests:
 *   startRemoteSigningSimulator({ token, credentials: { [id]: { signer, pin } } }): Promise<{ url, stop() }>
 *   storedPkcs12(key, row): [pkcs12, password]                     — the PKCS#12 file of a stored key
 *
 * Typical flow (result issuing): the leader signs with appearance 'person' in renderResultPdf's
 * signatureBox; the clerk issues the number and signs with the agency's key, appearance
 * 'organisation', over the left of the leader's signature, its stamp writing the number in
 * renderResultPdf's numberBox (the verifier trusts such a stamp only from the same organisation).
 */
export { atRestKey, type AtRestKey } from './at-rest.ts';
export { currentCrl } from './current-crl.ts';
export type { RevocationReason } from './crl.ts';
export { devAuthority, devAuthoritySubject, hasDevAuthority, type DevAuthority } from './dev-authority.ts';
export { importSigningKey } from './import-key.ts';
export { issueSigningKey, type KeyHolder, type SigningKeyInfo, type IssueOptions } from './issue-key.ts';
export { openStoredSigner, storedPkcs12 } from './open-signer.ts';
export { remoteSigner, type RemoteSignerOptions } from './remote-signer.ts';
export { startRemoteSigningSimulator, type RunningSimulator, type SimulatorCredential } from './remote-simulator.ts';
export { revocationSource, type RevocationSource } from './revocation-source.ts';
export { revokeSigningKey } from './revoke-key.ts';
export { signPdf, type SignaturePlacement, type SignPdfRequest, type SignPdfDeps } from './sign-pdf.ts';
export type { SignerCertificate, SigningService } from './signing-service.ts';
export { listKeys, type KeyRow } from './signing.repository.ts';
export { loadTrustList, certificatesOfPem, type TrustList } from './trust-list.ts';
export type { SignatureVerdict } from './verdict.ts';
export { verifyPdf, type PdfVerdict, type VerifyDeps } from './verify-pdf.ts';
