import crypto from 'node:crypto';
import Fastify from 'fastify';
import type { z } from 'zod';
import { authorizeRequest, infoRequest, signDocRequest } from './remote-protocol.ts';
import type { SigningService } from './signing-service.ts';

/**
 * A remote signing service for development and tests, speaking remote-protocol.ts over a real
 * socket on 127.0.0.1: each credential is a signer this process holds (a development key) and a
 * PIN standing for the holder's confirmation. Not for production: a real service keeps the keys
 * in an HSM and asks the holder.
 */
export interface SimulatorCredential {
  signer: SigningService;
  pin: string;
}

export interface RunningSimulator {
  url: string;
  stop(): Promise<void>;
}

export async function startRemoteSigningSimulator(options: {
  token: string;
  credentials: Record<string, SimulatorCredential>;
  port?: number;
}): Promise<RunningSimulator> {
  const app = Fastify({ logger: false, bodyLimit: 256 * 1024 });
  const grants = new Map<string, { credentialID: string; hash: string; until: number }>();
  const fail = (status: number, error: string, description: string) => Object.assign(new Error(description), { statusCode: status, error });

  app.setErrorHandler((err: Error & { statusCode?: number; error?: string }, _req, reply) => {
    const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 600 ? err.statusCode : 500;
    void reply
      .status(status)
      .send({ error: err.error ?? (status < 500 ? 'invalid_request' : 'server_error'), error_description: err.message });
  });
  app.addHook('onRequest', async (req) => {
    const auth = req.headers.authorization ?? '';
    const given = Buffer.from(auth.replace(/^Bearer /, ''));
    const expected = Buffer.from(options.token);
    if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) throw fail(401, 'invalid_token', 'bad bearer token');
  });
  const parse = <T extends z.ZodTypeAny>(schema: T, body: unknown): z.infer<T> => {
    const r = schema.safeParse(body);
    if (!r.success) throw fail(400, 'invalid_request', r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
    return r.data;
  };
  const credential = (id: string) => {
    const c = options.credentials[id];
    if (!c) throw fail(400, 'invalid_request', 'unknown credentialID');
    return c;
  };

  app.post('/csc/v2/credentials/info', async (req) => {
    const body = parse(infoRequest, req.body);
    const { certificate, chain } = await credential(body.credentialID).signer.certificate();
    const certs = body.certificates === 'chain' ? [certificate, ...chain] : [certificate];
    return { key: { status: 'enabled' }, cert: { status: 'valid', certificates: certs.map((c) => c.toString('base64')) } };
  });
  app.post('/csc/v2/credentials/authorize', async (req) => {
    const body = parse(authorizeRequest, req.body);
    const c = credential(body.credentialID);
    const pin = Buffer.from(body.PIN ?? '');
    if (pin.length !== Buffer.byteLength(c.pin) || !crypto.timingSafeEqual(pin, Buffer.from(c.pin)))
      throw fail(400, 'invalid_pin', 'wrong PIN');
    const sad = crypto.randomBytes(24).toString('base64url');
    grants.set(sad, { credentialID: body.credentialID, hash: body.hashes[0]!, until: Date.now() + 300_000 });
    return { SAD: sad, expiresIn: 300 };
  });
  app.post('/csc/v2/signatures/signDoc', async (req) => {
    const body = parse(signDocRequest, req.body);
    const grant = grants.get(body.SAD);
    grants.delete(body.SAD); // one signature per authorisation
    const hash = body.documentDigests[0]!.hashes[0]!;
    if (!grant || grant.until < Date.now() || grant.credentialID !== body.credentialID || grant.hash !== hash)
      throw fail(400, 'invalid_request', 'SAD not valid for this credential and hash');
    const digest = Buffer.from(hash, 'base64');
    if (digest.length !== 32) throw fail(400, 'invalid_request', 'a SHA-256 hash has 32 bytes');
    const cms = await credential(body.credentialID).signer.signHash(digest);
    return { SignatureObject: [cms.toString('base64')] };
  });

  const address = await app.listen({ host: '127.0.0.1', port: options.port ?? 0 });
  return { url: address, stop: () => app.close() };
}
