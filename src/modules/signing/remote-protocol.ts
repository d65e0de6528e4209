import { z } from 'zod';

/**
 * The wire format of remote signing services, in the shape of the Cloud Signature Consortium API
 * v2 (what remote signing services for Vietnamese official and public certificates follow or
 * resemble): JSON over HTTPS, a bearer token for the system, an authorisation of each signature
 * by its holder (the PIN here, a confirmation on the holder's phone in a real service) giving a
 * one-time SAD bound to the hashes, then a CAdES detached signature (CMS) per hash.
 *
 *   POST /csc/v2/credentials/info       { credentialID, certificates: "chain" } → { key: { status }, cert: { status, certificates: [b64 DER] } }
 *   POST /csc/v2/credentials/authorize  { credentialID, numSignatures: 1, hashes: [b64], PIN } → { SAD, expiresIn }
 *   POST /csc/v2/signatures/signDoc     { credentialID, SAD, documentDigests: [{ hashes: [b64], hashAlgorithmOID,
 *                                          signature_format: "C", conformance_level: "AdES-B-B", signed_envelope_property: "Detached" }] }
 *                                        → { SignatureObject: [b64 CMS] }
 *   errors: HTTP 4xx/5xx with { error, error_description }
 */
export const sha256Oid = '2.16.840.1.101.3.4.2.1';

const base64 = z
  .string()
  .regex(/^[A-Za-z0-9+/]+={0,2}$/)
  .max(100_000);

export const infoRequest = z.object({
  credentialID: z.string().min(1).max(200),
  certificates: z.enum(['none', 'single', 'chain']).default('chain'),
});
export const infoResponse = z.object({
  key: z.object({ status: z.enum(['enabled', 'disabled']) }),
  cert: z.object({ status: z.enum(['valid', 'expired', 'revoked', 'suspended']), certificates: z.array(base64).min(1) }),
});

export const authorizeRequest = z.object({
  credentialID: z.string().min(1).max(200),
  numSignatures: z.literal(1),
  hashes: z.array(base64).length(1),
  PIN: z.string().max(100).optional(),
});
export const authorizeResponse = z.object({ SAD: z.string().min(1), expiresIn: z.number().int().positive() });

export const signDocRequest = z.object({
  credentialID: z.string().min(1).max(200),
  SAD: z.string().min(1).max(200),
  documentDigests: z
    .array(
      z.object({
        hashes: z.array(base64).length(1),
        hashAlgorithmOID: z.literal(sha256Oid),
        signature_format: z.literal('C'),
        conformance_level: z.literal('AdES-B-B'),
        signed_envelope_property: z.literal('Detached'),
      }),
    )
    .length(1),
});
export const signDocResponse = z.object({ SignatureObject: z.array(base64).length(1) });

export const errorResponse = z.object({ error: z.string(), error_description: z.string().optional() });
