// Passwords kept as scrypt hashes (Node's crypto.scrypt: no native build). Hashing runs on libuv's thread
// pool, which the journal's writes share, so at most two run at once and a queue beyond that is refused:
// a flood of logins can make logins wait, never the alarm path's disk.
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

const N = 2 ** 15, r = 8, p = 1, KEY = 32;
const MAXMEM = 64 * 2 ** 20;
const AT_ONCE = 2, QUEUED = 32;

let running = 0;
const queue: (() => void)[] = [];

export class PasswordBusy extends Error {}

async function limited<T>(work: () => Promise<T>): Promise<T> {
  if (running >= AT_ONCE) {
    if (queue.length >= QUEUED) throw new PasswordBusy('too many logins at once: try again in a moment');
    await new Promise<void>((resolve) => queue.push(resolve));
  }
  running++;
  try { return await work(); } finally { running--; queue.shift()?.(); }
}

const derive = (password: string, salt: Buffer, n = N) => new Promise<Buffer>((resolve, reject) =>
  scrypt(password.normalize('NFKC'), salt, KEY, { N: n, r, p, maxmem: MAXMEM }, (e, key) => (e ? reject(e) : resolve(key))));

/** `scrypt$N$salt$hash`, base64url. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await limited(() => derive(password, salt));
  return `scrypt$${N}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [kind, n, salt, hash] = stored.split('$');
  if (kind !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const key = await limited(() => derive(password, Buffer.from(salt, 'base64url'), Number(n)));
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** A hash to check against when the login does not exist, so a wrong login takes as long as a wrong password. */
export const DUMMY_HASH = `scrypt$${N}$AAAAAAAAAAAAAAAAAAAAAA$${Buffer.alloc(KEY).toString('base64url')}`;

/** What a password must be: long enough to resist guessing for the throttle's hours. */
export function passwordProblem(password: string): string | null {
  if (password.length < 10) return 'a password has at least 10 characters';
  if (password.length > 200) return 'a password has at most 200 characters';
  return null;
}
