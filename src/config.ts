import crypto from 'node:crypto';
import path from 'node:path';
import { z } from 'zod';

/**
 * Every setting of the system, read from the environment once at start.
 * Nothing else in the code reads process.env: pass the config down instead.
 */
const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATA_DIR: z.string().min(1).default('data'),
  DATABASE_URL: z.string().url().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DEMO: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
  PUBLIC_URL: z.string().url().optional(),
  LOOKUPS_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(60),
  // Citizens sign in through OpenID Connect (VNeID via the national portal). Unset issuer with DEMO=true: a local provider.
  OIDC_ISSUER: z.string().url().optional(),
  OIDC_CLIENT_ID: z.string().min(1).default('mot-cua'),
  OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  OIDC_PROVIDER_PORT: z.coerce.number().int().min(0).max(65535).default(3001),
  // Seals signing keys at rest (AES-256-GCM, key derived by HKDF). Unset: a development secret derived from DATA_DIR.
  SIGNING_KEY_SECRET: z.string().min(32, 'at least 32 characters (e.g. `openssl rand -base64 48`)').optional(),
  // A PEM file of the root certificates trusted when verifying signed PDFs (besides the development CA).
  SIGNING_TRUST_LIST: z.string().min(1).optional(),
});

export interface Config {
  port: number;
  host: string;
  /** Absolute path of the folder holding the embedded database and, later, files. */
  dataDir: string;
  /** When set, no embedded server starts and this PostgreSQL is used. */
  databaseUrl: string | undefined;
  logLevel: z.infer<typeof schema>['LOG_LEVEL'];
  /** Create the demo province on first start and print the demo accounts. */
  demo: boolean;
  publicUrl: string;
  /** PUBLIC_URL unset: the address is http://localhost:PORT, fit for trying the system only. */
  publicUrlIsDefault: boolean;
  /** Public lookups by dossier code allowed per address and minute (against guessing codes). */
  lookupsPerMinute: number;
  oidc: OidcConfig;
  signing: SigningConfig;
}

/** Digital signatures: how stored keys are sealed, which roots verification trusts. */
export interface SigningConfig {
  /**
   * SIGNING_KEY_SECRET. Unset, a development secret is derived from the data folder's absolute
   * path: keys then survive restarts on the same folder, but anyone who knows the path can derive
   * it. A province sets its own secret (the same in every process sharing the database) and keeps
   * it outside the database and its backups; a changed secret makes the stored keys unreadable.
   */
  keySecret: string;
  keySecretIsDevelopment: boolean;
  /** SIGNING_TRUST_LIST: path of a PEM file of trusted root certificates. */
  trustListFile: string | undefined;
}

/** The OpenID provider citizens sign in with, and this system's registration there. */
export interface OidcConfig {
  /** Unset: citizen sign-in is off, unless DEMO starts the local provider (main.ts). */
  issuer: string | undefined;
  clientId: string;
  clientSecret: string | undefined;
  /** Port of the local demo provider on 127.0.0.1; 0 picks a free one. */
  providerPort: number;
  /** Where the provider sends the citizen back: `${publicUrl}/cong-dan/dang-nhap/xong`. */
  redirectUri: string;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration in the environment:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  if (e.OIDC_ISSUER && !e.OIDC_CLIENT_SECRET)
    throw new Error('Invalid configuration in the environment:\n  OIDC_CLIENT_SECRET: required when OIDC_ISSUER is set');
  const publicUrl = e.PUBLIC_URL ?? `http://localhost:${e.PORT}`;
  const dataDir = path.resolve(e.DATA_DIR);
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir,
    databaseUrl: e.DATABASE_URL,
    logLevel: e.LOG_LEVEL,
    demo: e.DEMO,
    publicUrl,
    publicUrlIsDefault: !e.PUBLIC_URL,
    lookupsPerMinute: e.LOOKUPS_PER_MINUTE,
    oidc: {
      issuer: e.OIDC_ISSUER,
      clientId: e.OIDC_CLIENT_ID,
      clientSecret: e.OIDC_CLIENT_SECRET,
      providerPort: e.OIDC_PROVIDER_PORT,
      redirectUri: `${publicUrl.replace(/\/+$/, '')}/cong-dan/dang-nhap/xong`,
    },
    signing: {
      keySecret: e.SIGNING_KEY_SECRET ?? crypto.createHash('sha256').update(`mot-cua development signing secret\0${dataDir}`).digest('hex'),
      keySecretIsDevelopment: !e.SIGNING_KEY_SECRET,
      trustListFile: e.SIGNING_TRUST_LIST ? path.resolve(e.SIGNING_TRUST_LIST) : undefined,
    },
  };
}
