// `node scripts/jwt-key.ts new <file>`: writes a new Ed25519 token signing key (PKCS#8 PEM, 0600)
// for JWT_SIGNING_KEY_FILE, and prints its public JWK Set;
// `node scripts/jwt-key.ts public <file>`: prints the public JWK Set of the key in <file>.
// The printed set is what JWT_VERIFY_PUBLIC_KEYS takes during a rotation (README, Security model).
import { generateKeyPairSync } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { signingKeyFromPem } from '../api/auth/signing-key.ts';

const [command, file] = process.argv.slice(2);
if ((command !== 'new' && command !== 'public') || file === undefined) {
  console.error('usage: node scripts/jwt-key.ts new|public <file>');
  process.exit(2);
}
if (command === 'new') {
  const pem = generateKeyPairSync('ed25519')
    .privateKey.export({ format: 'pem', type: 'pkcs8' })
    .toString();
  // 'wx': never overwrites a key that may still be signing tokens.
  await writeFile(file, pem, { mode: 0o600, flag: 'wx' }).catch((error: unknown) => {
    console.error(`${file}: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
const key = await signingKeyFromPem(await readFile(file, 'utf8'));
console.log(JSON.stringify({ keys: [key.publicJwk] }));
