import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { signingKeyFromPem, type SigningKey } from './signing-key.ts';

const isCode = (error: unknown, code: string): boolean =>
  error instanceof Error && 'code' in error && error.code === code;

// 'wx': two processes starting at once on one DATA_DIR must not each keep a file of their own.
const loadOrCreate = async (
  file: string,
  usable: (text: string) => boolean,
  create: () => string,
): Promise<string> => {
  try {
    const existing = (await readFile(file, 'utf8')).trim();
    if (usable(existing)) return existing;
  } catch (error) {
    if (!isCode(error, 'ENOENT')) throw error;
  }
  await mkdir(join(file, '..'), { recursive: true });
  const made = create();
  try {
    await writeFile(file, `${made}\n`, { mode: 0o600, flag: 'wx' });
    return made;
  } catch (error) {
    if (!isCode(error, 'EEXIST')) throw error;
    return (await readFile(file, 'utf8')).trim();
  }
};

/** Embedded mode's cursor secret: made once, kept in the data directory (0600). */
export const loadOrCreateSecret = (dataDir: string): Promise<string> =>
  loadOrCreate(
    join(dataDir, 'jwt-secret'),
    (text) => text.length >= 32,
    () => randomBytes(48).toString('base64url'),
  );

/**
 * Embedded mode's token signing key (Ed25519, PKCS#8 PEM in DATA_DIR/jwt-signing-key.pem, 0600):
 * made once, so tokens it issued survive a restart.
 */
export const loadOrCreateSigningKey = async (dataDir: string): Promise<SigningKey> =>
  signingKeyFromPem(
    await loadOrCreate(
      join(dataDir, 'jwt-signing-key.pem'),
      (text) => text.startsWith('-----BEGIN PRIVATE KEY-----'),
      () =>
        generateKeyPairSync('ed25519')
          .privateKey.export({ format: 'pem', type: 'pkcs8' })
          .toString(),
    ),
  );
