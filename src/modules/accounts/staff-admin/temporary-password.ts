import { randomInt } from 'node:crypto';

// No 0/o, 1/l/i: the password is read aloud or copied from a screen.
const letters = 'abcdefghjkmnpqrstuvwxyz';
const digits = '23456789';

/** A one-time password such as "kmtr-4x7q-p9ha": 12 random characters, letters and digits, dictated easily. */
export function temporaryPassword(): string {
  const alphabet = letters + digits;
  for (;;) {
    const chars = Array.from({ length: 12 }, () => alphabet[randomInt(alphabet.length)]!);
    const text = chars.join('');
    if (/[a-z]/.test(text) && /\d/.test(text)) return `${text.slice(0, 4)}-${text.slice(4, 8)}-${text.slice(8)}`;
  }
}
