// `npm run contracts`: writes the event contracts (AsyncAPI document, one JSON Schema per event
// type and version) into contracts/, a folder that can be published as it is.
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { format, resolveConfig } from 'prettier';
import { z } from 'zod';
import { asyncApiDocument } from '../api/contracts/asyncapi.ts';
import { asyncApiInfo } from '../api/contracts/info.ts';
import { contractDrift } from '../api/contracts/drift.ts';
import { eventContracts, schemaFileOf } from '../api/contracts/event-contracts.ts';
import { defaultTopics } from '../infra/kafka/topics.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', 'contracts');

const write = async (file: string, value: unknown): Promise<void> => {
  const path = join(root, file);
  await mkdir(dirname(path), { recursive: true });
  // Formatted as `prettier --check` wants it, so the committed files pass the lint step.
  const options = { ...(await resolveConfig(path)), parser: 'json' };
  await writeFile(path, await format(JSON.stringify(value), options));
  console.log(`wrote contracts/${file}`);
};

const readCommitted = (file: string): Record<string, unknown> | undefined => {
  const path = join(root, file);
  return existsSync(path)
    ? z.record(z.string(), z.unknown()).parse(JSON.parse(readFileSync(path, 'utf8')))
    : undefined;
};

// Overwriting a published version's schema would hide the very change the contract test catches.
const changed = contractDrift(eventContracts(), defaultTopics, readCommitted).filter(
  (drift) => drift.kind === 'changed',
);
if (changed.length > 0) {
  for (const drift of changed) console.error(drift.message);
  process.exit(1);
}

// Older versions' files are left where they are: a published version never changes or goes away.
await write('asyncapi.json', asyncApiDocument(defaultTopics, asyncApiInfo));
for (const contract of eventContracts()) {
  await write(schemaFileOf(contract, defaultTopics), {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: `${contract.type} v${String(contract.version)}`,
    ...contract.payload,
  });
}
