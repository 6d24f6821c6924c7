import { pbkdf2Sync, randomBytes } from 'node:crypto';

/** EventStoreDB's default password for the `admin` and `ops` accounts it creates on first start. */
export const DEFAULT_PASSWORD = 'changeit';

/**
 * A user account as EventStoreDB's internal user management stores it in `$user-{login}`: the
 * password as Rfc2898 (PBKDF2, HMAC-SHA1, 1000 iterations, 16-byte salt, 20-byte hash), base64.
 */
export interface UserData {
  readonly loginName: string;
  readonly fullName: string;
  readonly salt: string;
  readonly hash: string;
  readonly disabled: boolean;
  readonly groups: readonly string[];
}

const ITERATIONS = 1000;
const HASH_BYTES = 20;
const SALT_BYTES = 16;

export const hashPassword = (password: string, salt: Buffer): string =>
  pbkdf2Sync(password, salt, ITERATIONS, HASH_BYTES, 'sha1').toString('base64');

export const newUser = (
  loginName: string,
  fullName: string,
  groups: readonly string[],
  password: string,
): UserData => {
  const salt = randomBytes(SALT_BYTES);
  return {
    loginName,
    fullName,
    salt: salt.toString('base64'),
    hash: hashPassword(password, salt),
    disabled: false,
    groups,
  };
};
