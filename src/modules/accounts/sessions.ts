import { createHash, randomBytes } from 'node:crypto';
import type pg from 'pg';
import type { Actor } from './actor.ts';
import { anonymous } from './actor.ts';
import * as repo from './sessions.repository.ts';
import { loadStaffActor } from './staff.repository.ts';

/**
 * Sessions: a random token in an httpOnly cookie, its SHA-256 in the database.
 * Limits: 30 minutes idle, 12 hours absolute. Every sign-in makes a new token,
 * so a token planted before sign-in is worth nothing after it.
 *
 * Each process keeps what it resolved for a token for up to `cacheMs`, so a
 * signed-in visitor costs no query per page; revocations made in this process
 * take effect at once, those made in another process within `cacheMs`.
 */
export const idleMinutes = 30;
export const absoluteHours = 12;

export type LoadedSession = Omit<repo.SessionRow, 'idleSeconds'>;

export interface Resolved {
  session: LoadedSession;
  /** Anonymous while a second factor is still awaited. */
  actor: Actor;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Loads the actor behind a citizen session; provided by the citizens module. */
export type CitizenLoader = (db: pg.Pool, citizenId: number) => Promise<Actor | undefined>;

export class SessionStore {
  // Keyed by the token itself, so that a cached visit costs no hashing; entries name their hash for `forget`.
  private cache = new Map<string, { at: number; tokenHash: string; resolved: Resolved | null }>();

  constructor(
    private readonly pool: pg.Pool,
    private readonly loadCitizen: CitizenLoader = async () => undefined,
    private readonly cacheMs = 5000,
  ) {}

  async start(
    s: { kind: 'staff' | 'citizen'; staffId?: number; citizenId?: number; secondFactorDone: boolean; ip: string },
    db: pg.Pool | pg.PoolClient = this.pool,
  ): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    await repo.insertSession(db, {
      tokenHash: hashToken(token),
      kind: s.kind,
      staffId: s.staffId ?? null,
      citizenId: s.citizenId ?? null,
      csrfToken: randomBytes(24).toString('base64url'),
      secondFactorDone: s.secondFactorDone,
      absoluteHours,
      ip: s.ip,
    });
    return token;
  }

  /** What this process resolved for `token` within the last `cacheMs`, or undefined: no promise, for the hot path. */
  peek(token: string): Resolved | null | undefined {
    const hit = this.cache.get(token);
    return hit && Date.now() - hit.at < this.cacheMs ? hit.resolved : undefined;
  }

  async resolve(token: string): Promise<Resolved | null> {
    const hit = this.peek(token);
    if (hit !== undefined) return hit;
    const tokenHash = hashToken(token);
    const resolved = await this.load(tokenHash);
    if (this.cache.size > 50_000) this.cache.clear();
    this.cache.set(token, { at: Date.now(), tokenHash, resolved });
    return resolved;
  }

  private async load(tokenHash: string): Promise<Resolved | null> {
    const row = await repo.findLiveSession(this.pool, tokenHash, idleMinutes);
    if (!row) return null;
    // last_seen_at moves at most once a minute: the idle limit needs no finer clock.
    if (row.idleSeconds >= 60) await repo.touchSession(this.pool, tokenHash);
    const { idleSeconds: _i, ...session } = row;
    let actor: Actor = anonymous;
    if (row.kind === 'staff' && row.staffId !== null) {
      const staff = await loadStaffActor(this.pool, row.staffId);
      if (!staff) return null; // locked or gone: the session is worthless
      if (row.secondFactorDone) actor = staff;
    } else if (row.kind === 'citizen' && row.citizenId !== null) {
      actor = (await this.loadCitizen(this.pool, row.citizenId)) ?? anonymous;
    }
    return { session, actor };
  }

  /** Forget cached answers: after any change to sessions, roles or delegations in this process. */
  forget(tokenHashes?: string[]): void {
    if (!tokenHashes) return this.cache.clear();
    const gone = new Set(tokenHashes);
    for (const [token, entry] of this.cache) if (gone.has(entry.tokenHash)) this.cache.delete(token);
  }
}
