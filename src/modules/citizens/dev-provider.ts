import { generateKeyPairSync, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';
import { memoryAdapterClass } from './dev-provider-store.ts';
import { chooseCitizenPage, providerErrorPage, type DemoCitizen } from './dev-provider.pages.tsx';

/** Fictitious citizens: province code 099 exists nowhere, so no number here is anyone's. */
export const demoCitizens: DemoCitizen[] = [
  { sub: 'vneid-demo-1', name: 'Nguyễn Thị Hồng Nhung', idNumber: '099190000101', acr: 'vneid-2', born: '1990' },
  { sub: 'vneid-demo-2', name: 'Trần Văn Đức', idNumber: '099085000202', acr: 'vneid-2', born: '1985' },
  { sub: 'vneid-demo-3', name: 'Lê Hoàng Yến', idNumber: '099301000303', acr: 'vneid-2', born: '2001' },
  { sub: 'vneid-demo-4', name: 'Phạm Quốc Bảo', idNumber: '099078000404', acr: 'vneid-1', born: '1978' },
];

export interface DevProviderOptions {
  /** 0 picks a free port. */
  port: number;
  clientId: string;
  clientSecret: string;
  /** The app's callback, from its config: the app may run on any port. */
  redirectUri: string;
  /** Told about the provider's own failures (English); nothing else is printed. */
  onProblem?: (message: string) => void;
}

export interface DevProvider {
  /** http://127.0.0.1:<port> */
  issuer: string;
  stop(): Promise<void>;
}

/**
 * A real OpenID provider (oidc-provider 8) on 127.0.0.1 standing in for VNeID: one client (the
 * app), authorization code with PKCE S256 required, scopes `openid profile`, and ID tokens that
 * carry `name`, `id_number` and `acr`. Its interaction pages let a person pick a demo citizen;
 * consent is granted automatically.
 */
export async function startDevProvider(options: DevProviderOptions): Promise<DevProvider> {
  let handle: (req: http.IncomingMessage, res: http.ServerResponse) => void = (_req, res) => res.writeHead(503).end();
  const server = http.createServer((req, res) => handle(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const report = options.onProblem ?? (() => undefined);

  const provider = new Provider(issuer, configuration(options));
  provider.on('server_error', (_ctx, err) => report(`local OIDC provider error: ${(err as Error).message}`));
  provider.app.on('error', (err) => report(`local OIDC provider error: ${err.message}`));
  const oidc = provider.callback();

  handle = (req, res) => {
    const match = /^\/interaction\/([\w-]{1,100})(\/login|\/abort)?$/.exec(new URL(req.url ?? '/', issuer).pathname);
    if (!match) return oidc(req, res);
    interaction(provider, req, res, match[2] ?? '').catch((err: Error) => {
      report(`local OIDC provider interaction failed: ${err.message}`);
      if (!res.headersSent) sendPage(res, 400, providerErrorPage({ error: 'invalid_request', description: undefined }));
    });
  };

  return {
    issuer,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function configuration(options: DevProviderOptions): Record<string, unknown> {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = { ...privateKey.export({ format: 'jwk' }), kid: `dev-${randomBytes(4).toString('hex')}`, use: 'sig', alg: 'RS256' };
  return {
    adapter: memoryAdapterClass(),
    clients: [
      {
        client_id: options.clientId,
        client_secret: options.clientSecret,
        client_name: 'Một Cửa',
        redirect_uris: [options.redirectUri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    jwks: { keys: [jwk] },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    responseTypes: ['code'],
    pkce: { methods: ['S256'], required: () => true },
    scopes: ['openid', 'profile'],
    claims: { acr: null, auth_time: null, iss: null, sid: null, openid: ['sub', 'acr'], profile: ['name', 'id_number'] },
    acrValues: ['vneid-1', 'vneid-2'],
    // The app reads name and id_number from the ID token, not from the userinfo endpoint.
    conformIdTokenClaims: false,
    features: { devInteractions: { enabled: false }, rpInitiatedLogout: { enabled: false } },
    interactions: { url: (_ctx: unknown, i: { uid: string }) => `/interaction/${i.uid}` },
    async findAccount(_ctx: unknown, sub: string) {
      const c = demoCitizens.find((x) => x.sub === sub);
      return c && { accountId: c.sub, claims: async () => ({ sub: c.sub, name: c.name, id_number: c.idNumber }) };
    },
    clientBasedCORS: () => false,
    ttl: { AccessToken: 600, AuthorizationCode: 60, IdToken: 600, Interaction: 600, Session: 3600, Grant: 3600 },
    async renderError(ctx: { type: string; body: string }, out: { error: string; error_description?: string }) {
      ctx.type = 'html';
      ctx.body = providerErrorPage({ error: out.error, description: out.error_description });
    },
  };
}

/** GET shows the choice of citizen (or grants consent at once); POST …/login signs in, POST …/abort cancels. */
async function interaction(provider: Provider, req: http.IncomingMessage, res: http.ServerResponse, action: string): Promise<void> {
  const details = await provider.interactionDetails(req, res);
  if (req.method === 'GET' && action === '') {
    if (details.prompt.name === 'consent') return grantConsent(provider, req, res, details);
    return sendPage(res, 200, chooseCitizenPage({ uid: details.uid, clientName: 'Một Cửa', citizens: demoCitizens }));
  }
  if (req.method !== 'POST' || action === '')
    return sendPage(res, 405, providerErrorPage({ error: 'method_not_allowed', description: undefined }));
  if (action === '/abort') {
    return provider.interactionFinished(
      req,
      res,
      { error: 'access_denied', error_description: 'the citizen cancelled' },
      { mergeWithLastSubmission: false },
    );
  }
  const form = new URLSearchParams(await readBody(req));
  const citizen = demoCitizens.find((c) => c.sub === form.get('sub'));
  if (!citizen) return sendPage(res, 400, providerErrorPage({ error: 'unknown_citizen', description: undefined }));
  await provider.interactionFinished(
    req,
    res,
    { login: { accountId: citizen.sub, acr: citizen.acr, amr: ['pwd'] } },
    { mergeWithLastSubmission: false },
  );
}

/** The app is first-party: whatever it asks within `openid profile` is granted without asking. */
async function grantConsent(
  provider: Provider,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  details: Awaited<ReturnType<Provider['interactionDetails']>>,
) {
  const accountId = details.session?.accountId;
  if (!accountId) throw new Error('consent prompt without a signed-in account');
  const existing = details.grantId ? await provider.Grant.find(details.grantId) : undefined;
  const grant = existing ?? new provider.Grant({ accountId, clientId: String(details.params['client_id']) });
  const { missingOIDCScope, missingOIDCClaims } = details.prompt.details;
  if (missingOIDCScope) grant.addOIDCScope(missingOIDCScope.join(' '));
  if (missingOIDCClaims) grant.addOIDCClaims(missingOIDCClaims);
  const grantId = await grant.save();
  await provider.interactionFinished(req, res, { consent: existing ? {} : { grantId } }, { mergeWithLastSubmission: true });
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      body += chunk;
      if (body.length > 10_000) req.destroy(new Error('interaction form too large'));
    });
    req.on('end', () => resolve(body));
    req.on('error', reject);
  });
}

function sendPage(res: http.ServerResponse, status: number, html: string): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'x-frame-options': 'DENY' });
  res.end(html);
}
