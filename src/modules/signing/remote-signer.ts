import { X509Certificate } from 'node:crypto';
import type { z } from 'zod';
import { AppError } from '../../errors.ts';
import { authorizeResponse, errorResponse, infoResponse, sha256Oid, signDocResponse } from './remote-protocol.ts';
import type { SigningService } from './signing-service.ts';

/**
 * A SigningService over a remote signing service (remote-protocol.ts): the system sends the
 * digest, the holder authorises (PIN), the service returns the CMS. The certificate is asked once
 * per signer and checked by signPdf like any other. Network trouble and refusals are AppErrors
 * in Vietnamese ('unavailable' for the service, 'validation_failed' for a wrong PIN).
 */
export interface RemoteSignerOptions {
  baseUrl: string;
  /** The system's access token at the service. */
  token: string;
  credentialId: string;
  /** The holder's authorisation for this signature. */
  pin: string;
  timeoutMs?: number;
}

export function remoteSigner(options: RemoteSignerOptions): SigningService {
  let certificates: Promise<{ certificate: Buffer; chain: Buffer[] }> | undefined;
  const call = <T extends z.ZodTypeAny>(path: string, body: unknown, schema: T) => post(options, path, body, schema);
  return {
    certificate() {
      certificates ??= call('/csc/v2/credentials/info', { credentialID: options.credentialId, certificates: 'chain' }, infoResponse).then(
        (r) => {
          const [certificate, ...chain] = r.cert.certificates.map((c) => Buffer.from(c, 'base64'));
          try {
            new X509Certificate(certificate!);
          } catch {
            throw unavailable('the service sent an unreadable certificate');
          }
          return { certificate: certificate!, chain };
        },
      );
      certificates.catch(() => (certificates = undefined));
      return certificates;
    },
    async signHash(digest) {
      const hash = digest.toString('base64');
      const { SAD } = await call(
        '/csc/v2/credentials/authorize',
        { credentialID: options.credentialId, numSignatures: 1, hashes: [hash], PIN: options.pin },
        authorizeResponse,
      );
      const signed = await call(
        '/csc/v2/signatures/signDoc',
        {
          credentialID: options.credentialId,
          SAD,
          documentDigests: [
            {
              hashes: [hash],
              hashAlgorithmOID: sha256Oid,
              signature_format: 'C',
              conformance_level: 'AdES-B-B',
              signed_envelope_property: 'Detached',
            },
          ],
        },
        signDocResponse,
      );
      return Buffer.from(signed.SignatureObject[0]!, 'base64');
    },
  };
}

async function post<T extends z.ZodTypeAny>(options: RemoteSignerOptions, path: string, body: unknown, schema: T): Promise<z.infer<T>> {
  let response: Response;
  let json: unknown;
  try {
    response = await fetch(new URL(path, options.baseUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${options.token}` },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(options.timeoutMs ?? 15_000),
    });
    json = await response.json();
  } catch (err) {
    throw unavailable(`remote signing service unreachable: ${(err as Error).message}`);
  }
  if (!response.ok) {
    const e = errorResponse.safeParse(json);
    const code = e.success ? e.data.error : `HTTP ${response.status}`;
    if (code === 'invalid_pin')
      throw new AppError('validation_failed', 'remote signing: wrong PIN', {
        problems: [{ field: 'pin', message: 'Mã PIN xác nhận ký không đúng.' }],
      });
    throw unavailable(`remote signing service refused ${path}: ${code} ${e.success ? (e.data.error_description ?? '') : ''}`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw unavailable(`remote signing service answered ${path} in an unexpected form`);
  return parsed.data;
}

function unavailable(detail: string): AppError {
  return new AppError('unavailable', detail, {
    userMessage: 'Dịch vụ ký số từ xa không phản hồi hoặc từ chối yêu cầu; tài liệu chưa được ký.',
  });
}
