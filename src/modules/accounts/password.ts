import { hash, verify } from '@node-rs/argon2';

/** Passwords: argon2id hashes, a rule people can follow, and equal time for unknown users. */

export async function hashPassword(password: string): Promise<string> {
  return hash(password); // argon2id with the library's recommended cost
}

// Verifying against this when the user does not exist keeps the answer as slow as for a real one,
// so response times do not tell which usernames exist.
const dummyHash = await hash('không có người dùng này');

export async function verifyPassword(passwordHash: string | undefined, password: string): Promise<boolean> {
  try {
    const ok = await verify(passwordHash ?? dummyHash, password);
    return passwordHash !== undefined && ok;
  } catch {
    return false;
  }
}

/** What is wrong with a new password, in Vietnamese, or null. */
export function passwordProblem(password: string, username: string): string | null {
  if (password.length < 10) return 'Mật khẩu phải có ít nhất 10 ký tự.';
  if (password.length > 200) return 'Mật khẩu quá dài (tối đa 200 ký tự).';
  if (!/\p{L}/u.test(password) || !/\d/.test(password)) return 'Mật khẩu phải có cả chữ và số.';
  if (password.toLowerCase().includes(username.toLowerCase())) return 'Mật khẩu không được chứa tên đăng nhập.';
  return null;
}
