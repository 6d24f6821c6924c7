import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Embedded mode's PII secret, made once and kept beside the key files (DATA_DIR/pii-secret, 0600)
 * so keys and e-mail hashes survive a restart. There it protects nothing the data directory does
 * not; connected mode takes PII_SECRET from the environment, away from the keys it wraps.
 */
export const loadOrCreatePiiSecret = async (dataDir: string): Promise<string> => {
  const file = join(dataDir, 'pii-secret');
  try {
    const existing = (await readFile(file, 'utf8')).trim();
    if (existing.length >= 32) return existing;
  } catch (error) {
    if (!(error instanceof Error && 'code' in error && error.code === 'ENOENT')) throw error;
  }
  await mkdir(dataDir, { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  // 'wx': two processes starting at once must not each write a secret of their own.
  try {
    await writeFile(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
    return secret;
  } catch (error) {
    if (!(error instanceof Error && 'code' in error && error.code === 'EEXIST')) throw error;
    return (await readFile(file, 'utf8')).trim();
  }
};
