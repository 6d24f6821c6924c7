/** FNV-1a over the text: a stable 32-bit number for it. */
const hash = (text: string): number => {
  let value = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) {
    value ^= text.charCodeAt(index);
    value = Math.imul(value, 0x01000193);
  }
  return value >>> 0;
};

/** One draw of mulberry32 from `seed`: a float in [0, 1). */
const draw = (seed: number): number => {
  let t = (seed + 0x6d2b79f5) >>> 0;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

/**
 * Whether the event named `key` falls within `rate`, decided by the seed and the key alone: the
 * same key always gets the same answer, whatever order the calls come in.
 */
export const happens = (rate: number, seed: number, key: string): boolean =>
  rate > 0 && draw(hash(`${String(seed)}:${key}`)) < rate;
