import { randomBytes } from 'node:crypto';
import type { Config } from '../../config.ts';
import { startDevProvider } from './dev-provider.ts';

/**
 * With DEMO=true and no OIDC_ISSUER: starts the local provider on OIDC_PROVIDER_PORT and returns
 * the config that points the app at it (with a fresh client secret unless one is configured);
 * when that port is taken, any free port.
 * Otherwise null: the configured provider (VNeID) is used, or citizen sign-in stays off.
 */
export async function startLocalProviderIfDemo(
  config: Config,
  onProblem: (message: string) => void,
): Promise<{ config: Config; stop(): Promise<void> } | null> {
  if (!config.demo || config.oidc.issuer) return null;
  const clientSecret = config.oidc.clientSecret ?? randomBytes(24).toString('base64url');
  const options = {
    port: config.oidc.providerPort,
    clientId: config.oidc.clientId,
    clientSecret,
    redirectUri: config.oidc.redirectUri,
    onProblem,
  };
  // Nothing depends on the demo provider's port (the app learns the issuer from here), so a busy one is no reason to fail.
  const provider = await startDevProvider(options).catch((err: NodeJS.ErrnoException) => {
    if (err.code !== 'EADDRINUSE') throw err;
    onProblem(`port ${options.port} is in use: the local OIDC provider takes a free port instead`);
    return startDevProvider({ ...options, port: 0 });
  });
  return { config: { ...config, oidc: { ...config.oidc, issuer: provider.issuer, clientSecret } }, stop: provider.stop };
}
