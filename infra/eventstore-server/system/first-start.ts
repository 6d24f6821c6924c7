import { randomUUID } from 'node:crypto';
import { SystemEventTypes, type ProposedEvent } from '../store/records.ts';
import { DEFAULT_PASSWORD, newUser, type UserData } from './users.ts';

/** One event of the system streams a new database starts with. */
export interface SystemWrite {
  readonly stream: string;
  readonly event: ProposedEvent;
}

const json = (type: string, data: unknown): ProposedEvent => ({
  id: randomUUID(),
  type,
  isJson: true,
  data: Buffer.from(JSON.stringify(data)),
  metadata: new Uint8Array(0),
});

// EventStoreDB's ScavengeHistoryMaxAge default: 30 days, in seconds as `$maxAge` is written.
const SCAVENGE_HISTORY_MAX_AGE_S = 30 * 24 * 60 * 60;

/**
 * What KurrentDB's user management writes for each default account on first election:
 * the account stream's ACL (writable by `$admins` only), `$UserCreated` with the account, and the
 * login name (not JSON) as a `$User` event in `$users`.
 */
const userAccount = (user: UserData): SystemWrite[] => [
  {
    stream: `$$$user-${user.loginName}`,
    event: json(SystemEventTypes.metadata, {
      $acl: { $w: '$admins', $d: '$admins', $mw: '$admins' },
    }),
  },
  { stream: `$user-${user.loginName}`, event: json('$UserCreated', user) },
  {
    stream: '$users',
    event: {
      id: randomUUID(),
      type: '$User',
      isJson: false,
      data: Buffer.from(user.loginName),
      metadata: new Uint8Array(0),
    },
  },
];

/**
 * The system streams a single KurrentDB node writes into an empty database: the `admin` and `ops`
 * accounts (password "changeit"), the `$scavenges` history's metadata (30 days, readable by
 * `$ops`), and the default ACL in `$settings` as the documentation gives it (user streams open to
 * `$all`, system streams to `$admins`). Written once: a restart finds the log non-empty.
 */
export const firstStartWrites = (): SystemWrite[] => [
  ...userAccount(newUser('admin', 'Event Store Administrator', ['$admins'], DEFAULT_PASSWORD)),
  ...userAccount(newUser('ops', 'Event Store Operations', ['$ops'], DEFAULT_PASSWORD)),
  {
    stream: '$$$scavenges',
    event: json(SystemEventTypes.metadata, {
      $maxAge: SCAVENGE_HISTORY_MAX_AGE_S,
      $acl: { $r: '$ops', $w: [], $d: [], $mr: [], $mw: [] },
    }),
  },
  {
    stream: '$settings',
    event: json('$settings', {
      $userStreamAcl: { $r: '$all', $w: '$all', $d: '$all', $mr: '$all', $mw: '$all' },
      $systemStreamAcl: {
        $r: '$admins',
        $w: '$admins',
        $d: '$admins',
        $mr: '$admins',
        $mw: '$admins',
      },
    }),
  },
];
