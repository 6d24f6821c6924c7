import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

// Node's scrypt: memory-hard, built in, so no native module to build on every machine (argon2id
// would be the other good choice; it needs a native addon). The parameters travel with the hash,
// so raising the cost later leaves older hashes verifiable.
const hashBytes = 32;
const format = /^scrypt\$ln=(\d+),r=(\d+),p=(\d+)\$([A-Za-z0-9_-]+)\$([A-Za-z0-9_-]+)$/;

const derive = (password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, hashBytes, options, (error, key) => {
      if (error) reject(error);
      else resolve(key);
    });
  });

const optionsOf = (logN: number, r: number, p: number): ScryptOptions => ({
  N: 2 ** logN,
  r,
  p,
  // scrypt needs 128·N·r bytes; Node's default ceiling (32 MiB) is just short of N = 2^15.
  maxmem: 256 * 2 ** logN * r,
});

/** `scrypt$ln=15,r=8,p=1$<salt>$<hash>`: a fresh 16-byte salt per password. */
export const hashPassword = async (password: string, logN: number): Promise<string> => {
  const salt = randomBytes(16);
  const hash = await derive(password, salt, optionsOf(logN, 8, 1));
  return `scrypt$ln=${String(logN)},r=8,p=1$${salt.toString('base64url')}$${hash.toString('base64url')}`;
};

/** Compares in constant time; a hash in an unknown format never matches. */
export const verifyPassword = async (password: string, stored: string): Promise<boolean> => {
  const match = format.exec(stored);
  if (match === null) return false;
  const [, logN = '', r = '', p = '', salt = '', hash = ''] = match;
  const expected = Buffer.from(hash, 'base64url');
  const actual = await derive(
    password,
    Buffer.from(salt, 'base64url'),
    optionsOf(Number(logN), Number(r), Number(p)),
  );
  return actual.length === expected.length && timingSafeEqual(actual, expected);
};

/**
 * Spends what a real check would on an e-mail with no account, so the answer's timing does not
 * tell which e-mails are registered.
 */
export const burnPasswordCheck = async (password: string, logN: number): Promise<void> => {
  await derive(password, randomBytes(16), optionsOf(logN, 8, 1));
};
