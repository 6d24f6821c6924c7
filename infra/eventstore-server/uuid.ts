const hex = /^[0-9a-f]{32}$/;
const canonical = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Parses a UUID in any of the forms .NET's Guid.Parse accepts that clients send (hyphenated,
 * plain 32 hex digits, braced or parenthesised) into its canonical lowercase hyphenated form.
 * Returns undefined when the text is not a UUID.
 */
export const canonicalUuid = (text: string): string | undefined => {
  // The form clients send nearly always: checked first, returned as is.
  if (canonical.test(text)) return text;
  let body = text.trim().toLowerCase();
  if (
    (body.startsWith('{') && body.endsWith('}')) ||
    (body.startsWith('(') && body.endsWith(')'))
  ) {
    body = body.slice(1, -1);
  }
  const digits = body.length === 36 ? hyphenless(body) : body;
  if (digits === undefined || !hex.test(digits)) return undefined;
  return format(digits);
};

const hyphenless = (body: string): string | undefined => {
  for (const at of [8, 13, 18, 23]) if (body[at] !== '-') return undefined;
  return body.replaceAll('-', '');
};

const format = (digits: string): string =>
  `${digits.slice(0, 8)}-${digits.slice(8, 12)}-${digits.slice(12, 16)}-${digits.slice(16, 20)}-${digits.slice(20)}`;

/** The 16 bytes of a canonical UUID, written into target at offset. */
export const writeUuid = (uuid: string, target: Buffer, offset: number): void => {
  target.write(uuid.replaceAll('-', ''), offset, 16, 'hex');
};

const HEX_DIGITS = Buffer.from('0123456789abcdef', 'latin1');
const uuidText = Buffer.alloc(36);

/**
 * Reads 16 bytes at offset as a canonical UUID. Written digit by digit into one buffer: the store
 * keeps an id per event for its whole life, and a string joined from slices is a tree of five
 * pieces (about 250 bytes) where one flat string takes 56.
 */
export const readUuid = (source: Buffer, offset: number): string => {
  let at = 0;
  for (let index = 0; index < 16; index++) {
    if (index === 4 || index === 6 || index === 8 || index === 10) uuidText[at++] = 0x2d;
    const byte = source[offset + index] ?? 0;
    uuidText[at++] = HEX_DIGITS[byte >> 4] ?? 0;
    uuidText[at++] = HEX_DIGITS[byte & 15] ?? 0;
  }
  return uuidText.toString('latin1');
};

/**
 * A UUID from the two signed 64-bit halves of the protocol's "structured" form (most significant
 * bits first), as decimal strings.
 */
export const uuidFromHalves = (most: string, least: string): string => {
  const bytes = Buffer.alloc(16);
  bytes.writeBigInt64BE(BigInt(most), 0);
  bytes.writeBigInt64BE(BigInt(least), 8);
  return readUuid(bytes, 0);
};
