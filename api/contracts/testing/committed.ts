// Test support only: the committed contracts/ folder, read back.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { JsonSchema } from '../event-contracts.ts';

export const contractsFolder = join(dirname(fileURLToPath(import.meta.url)), '../../../contracts');

/** A committed file's JSON, or undefined when there is none. */
export const readCommittedContract = (file: string): JsonSchema | undefined => {
  const path = join(contractsFolder, file);
  if (!existsSync(path)) return undefined;
  return z.record(z.string(), z.unknown()).parse(JSON.parse(readFileSync(path, 'utf8')));
};
