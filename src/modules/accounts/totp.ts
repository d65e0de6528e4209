import * as OTPAuth from 'otpauth';
import { qrDataUri } from '../../web/qr.ts';

/**
 * Time-based one-time codes (RFC 6238, 30 s, 6 digits), as every authenticator
 * app reads them. A code is accepted once: the step it belongs to is stored and
 * a code of that step or an earlier one is refused afterwards.
 */
const period = 30;

export function newTotpSecret(): string {
  return new OTPAuth.Secret({ size: 20 }).base32;
}

function totp(secret: string, username: string) {
  return new OTPAuth.TOTP({
    issuer: 'Một Cửa',
    label: username,
    secret: OTPAuth.Secret.fromBase32(secret),
    period,
    digits: 6,
    algorithm: 'SHA1',
  });
}

/** The QR code of the otpauth:// address, as a data URI for an <img>, so no script is needed. */
export async function enrolmentQr(secret: string, username: string): Promise<string> {
  return qrDataUri(totp(secret, username).toString(), 2);
}

/** The step of a valid, not yet used code (one step of clock drift allowed), or null. */
export function acceptCode(secret: string, username: string, code: string, lastStep: number | null, now = Date.now()): number | null {
  const token = code.replace(/\s/g, '');
  if (!/^\d{6}$/.test(token)) return null;
  const delta = totp(secret, username).validate({ token, timestamp: now, window: 1 });
  if (delta === null) return null;
  const step = Math.floor(now / 1000 / period) + delta;
  return lastStep !== null && step <= lastStep ? null : step;
}

/** For tests and the enrolment check: the code of `now`. */
export function currentCode(secret: string, username: string, now = Date.now()): string {
  return totp(secret, username).generate({ timestamp: now });
}
