import { z } from 'zod';
import { kafkaSecurityVariables, resolveKafkaSecurity } from './kafka/security.ts';
import { trustProxySchema } from './trust-proxy.ts';

const roles = ['all', 'api', 'processes', 'projections', 'notifications'] as const;
export type Role = (typeof roles)[number];

const optionalUrl = z.string().trim().min(1).optional();
const positiveInt = z.coerce.number().int().positive();
const nonNegativeInt = z.coerce.number().int().nonnegative();
const fraction = z.coerce.number().min(0).max(1);

/**
 * Every environment variable the product reads, in one place. The README's table is written from
 * this schema; a variable missing here does not exist.
 */
export const configSchema = z.object({
  ROLE: z.enum(roles).default('all'),
  /** Unset: 127.0.0.1 in embedded mode (it hands out dev tokens), 0.0.0.0 in connected mode. */
  HOST: z.string().min(1).optional(),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  DATA_DIR: z.string().min(1).default('./data'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  EVENTSTORE_CONNECTION_STRING: optionalUrl,
  EMBEDDED_EVENTSTORE_PORT: z.coerce.number().int().min(0).max(65535).default(2113),
  MONGODB_URL: optionalUrl,
  MONGODB_DATABASE: z.string().min(1).default('order_ledger'),
  KAFKA_BROKERS: optionalUrl,
  KAFKA_CLIENT_ID: z.string().min(1).default('order-ledger'),
  /** SASL and TLS for a managed Kafka: see infra/kafka/security.ts. */
  ...kafkaSecurityVariables,
  KAFKA_TOPIC_PARTITIONS: positiveInt.default(6),
  KAFKA_REPLICATION_FACTOR: positiveInt.default(1),
  /** How long the bridge lets a transaction fill before committing it, and its most events. */
  KAFKA_BRIDGE_LINGER_MS: nonNegativeInt.default(10),
  KAFKA_BRIDGE_MAX_BATCH: positiveInt.default(500),
  /**
   * One secret for a small deployment: the token signing key is derived from it (unless
   * JWT_SIGNING_KEY is set), and it is the default of CURSOR_SECRET and PII_SECRET.
   */
  JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  /** Signs list cursors; defaults to JWT_SECRET. Set it when tokens are verified by JWKS only. */
  CURSOR_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  JWT_ISSUER: z.string().min(1).default('order-ledger'),
  JWT_AUDIENCE: z.string().min(1).default('order-ledger'),
  /** The private key of the product's own tokens: PKCS#8 PEM, Ed25519 or P-256 (api/auth). */
  JWT_SIGNING_KEY: z.string().trim().min(1).optional(),
  /** The same in a file (a mounted secret). */
  JWT_SIGNING_KEY_FILE: z.string().trim().min(1).optional(),
  /** More public keys own tokens may be signed with (a JWK Set as JSON), for a rotation. */
  JWT_VERIFY_PUBLIC_KEYS: z.string().trim().min(1).optional(),
  /** An external issuer whose tokens are accepted too: its JWKS, its `iss`, its `aud`. */
  JWT_JWKS_URL: z.url().optional(),
  JWT_EXTERNAL_ISSUER: z.string().min(1).optional(),
  JWT_EXTERNAL_AUDIENCE: z.string().min(1).optional(),
  TRUST_PROXY: trustProxySchema,
  PAYMENT_LATENCY_MS: nonNegativeInt.default(0),
  PAYMENT_DECLINE_RATE: fraction.default(0),
  /** Shared by the simulated providers of several processes on one machine (settlements). */
  PAYMENT_SIMULATOR_DIR: z.string().min(1).optional(),
  CARRIER_DELIVERY_DELAY_MS: nonNegativeInt.default(5000),
  /** Picking and packing before the carrier gets the parcel; the customer may cancel meanwhile. */
  WAREHOUSE_PICK_PACK_MS: nonNegativeInt.default(2 * 60 * 1000),
  RESERVATION_TIMEOUT_MS: positiveInt.default(10 * 60 * 1000),
  PAYMENT_DECLINE_GRACE_MS: nonNegativeInt.default(60 * 1000),
  CARRIER_FAILURE_RATE: fraction.default(0),
  /** Share of parcels whose estimate the simulated carrier revises (1–2 business days later). */
  CARRIER_DELAY_RATE: fraction.default(0),
  /** Notifications: e-mail over SMTP (`smtp://user:pass@host:587`, `smtps://…`); unset: the local mailbox. */
  SMTP_URL: z.url({ protocol: /^smtps?$/, error: 'must be an smtp:// or smtps:// URL' }).optional(),
  MAIL_FROM: z.string().min(3).default('orders@order-ledger.invalid'),
  SHIPPING_MAX_ATTEMPTS: positiveInt.default(3),
  /** Score every order's fraud risk before confirming it (off: orders are neither scored nor held). */
  FRAUD_SCORING: z.enum(['on', 'off']).default('on'),
  /** Held for review at or above this score (0–100; 101 never holds); unset: the model's own. */
  FRAUD_REVIEW_THRESHOLD: z.coerce.number().int().min(0).max(101).optional(),
  /** A held order nobody reviewed is rejected after this long. */
  FRAUD_REVIEW_TIMEOUT_MS: positiveInt.default(24 * 60 * 60 * 1000),
  /** Orders one customer may place per minute (0: no limit, for benches and load tests). */
  ORDER_RATE_LIMIT_PER_MINUTE: nonNegativeInt.default(60),
  /** Sign-in attempts per account, and per client address, per minute (0: no limit). */
  SIGN_IN_RATE_LIMIT_PER_ACCOUNT: nonNegativeInt.default(10),
  SIGN_IN_RATE_LIMIT_PER_ADDRESS: nonNegativeInt.default(30),
  /**
   * Derives the key that wraps customers' data keys and the key of e-mail hashes. Defaults to
   * JWT_SECRET; embedded mode makes one in DATA_DIR. Changing it makes every account unreadable.
   */
  PII_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  /** scrypt's cost as log2(N) for password hashes (15: 32 MiB and ~100 ms per hash). */
  PASSWORD_HASH_COST: z.coerce.number().int().min(14).max(20).default(15),
  /** Time a client has to send a request's headers, and the whole request, in ms. */
  HTTP_HEADERS_TIMEOUT_MS: positiveInt.default(10_000),
  HTTP_REQUEST_TIMEOUT_MS: positiveInt.default(30_000),
  /** How long an idle keep-alive connection stays open, in ms. */
  HTTP_KEEP_ALIVE_TIMEOUT_MS: positiveInt.default(5_000),
});

export type Config = Omit<z.infer<typeof configSchema>, 'HOST'> & {
  readonly HOST: string;
  /** Embedded mode: no EVENTSTORE_CONNECTION_STRING, so the process runs its own event store. */
  readonly embedded: boolean;
};

export class ConfigError extends Error {
  readonly problems: readonly string[];
  constructor(problems: readonly string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.problems = problems;
    this.name = 'ConfigError';
  }
}

const jwtProblems = (env: z.infer<typeof configSchema>, embedded: boolean): string[] => [
  ...(!embedded &&
  env.JWT_SIGNING_KEY === undefined &&
  env.JWT_SIGNING_KEY_FILE === undefined &&
  env.JWT_SECRET === undefined &&
  env.JWT_JWKS_URL === undefined
    ? [
        'JWT_SIGNING_KEY (or _FILE), JWT_SECRET or JWT_JWKS_URL: one must be set in connected mode (only embedded mode makes its own key)',
      ]
    : []),
  ...(env.JWT_SIGNING_KEY !== undefined && env.JWT_SIGNING_KEY_FILE !== undefined
    ? ['JWT_SIGNING_KEY and JWT_SIGNING_KEY_FILE: set one, not both']
    : []),
  ...((env.JWT_JWKS_URL === undefined) !== (env.JWT_EXTERNAL_ISSUER === undefined)
    ? [
        'JWT_JWKS_URL and JWT_EXTERNAL_ISSUER: set both (the external issuer and its keys) or neither',
      ]
    : []),
  ...(env.JWT_EXTERNAL_ISSUER === env.JWT_ISSUER
    ? ["JWT_EXTERNAL_ISSUER: must differ from JWT_ISSUER, which names the product's own tokens"]
    : []),
];

/** Parses the environment once. Throws a ConfigError naming every bad variable. */
export const loadConfig = (env: Record<string, string | undefined> = process.env): Config => {
  // An empty variable means "not set", as it does for most shells and compose files.
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const parsed = configSchema.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`),
    );
  }
  // Combinations that cannot work, and files that cannot be read, stop the process here too.
  const kafkaProblems = resolveKafkaSecurity(parsed.data).problems;
  if (kafkaProblems.length > 0) throw new ConfigError(kafkaProblems);
  const embedded = parsed.data.EVENTSTORE_CONNECTION_STRING === undefined;
  const tokenProblems = jwtProblems(parsed.data, embedded);
  if (tokenProblems.length > 0) throw new ConfigError(tokenProblems);
  // Embedded mode issues dev tokens to whoever asks: it stays on this machine unless told otherwise.
  const HOST = parsed.data.HOST ?? (embedded ? '127.0.0.1' : '0.0.0.0');
  return { ...parsed.data, HOST, embedded };
};
