import { hash as digest } from 'node:crypto';

/**
 * A UUID (version 5 layout) derived from a name, so the same cause always gives the same id:
 * a redelivered event leads to the same command id, and a retried append to the same event ids.
 */
export const deterministicId = (...parts: readonly (string | number)[]): string => {
  const hash = digest('sha1', parts.join('\u001f'), 'buffer');
  hash[6] = ((hash[6] ?? 0) & 0x0f) | 0x50;
  hash[8] = ((hash[8] ?? 0) & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
};
