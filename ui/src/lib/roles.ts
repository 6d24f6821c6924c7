export const roles = ['customer', 'operator', 'auditor', 'admin'] as const;
export type Role = (typeof roles)[number];

export interface User {
  readonly sub: string;
  readonly roles: readonly Role[];
}

export const isRole = (value: string): value is Role => roles.some((role) => role === value);

/** What each role may do, as DESIGN.md's route table grants it. One place, so pages and nav agree. */
const grants = {
  placeOrders: ['customer'],
  seeAllOrders: ['operator', 'auditor', 'admin'],
  cancelOrders: ['customer', 'operator', 'admin'],
  audit: ['auditor', 'operator', 'admin'],
  searchAudit: ['auditor', 'admin'],
  steerFulfilment: ['operator', 'admin'],
  seeFulfilment: ['operator', 'auditor', 'admin'],
  inventory: ['operator', 'admin'],
  stats: ['operator', 'admin'],
  administer: ['admin'],
} as const satisfies Record<string, readonly Role[]>;

export type Capability = keyof typeof grants;
const granted = (capability: Capability): readonly Role[] => grants[capability];

export const can = (user: User | null, capability: Capability): boolean =>
  user !== null && user.roles.some((role) => granted(capability).includes(role));

export const roleLabels: Record<Role, { label: string; description: string }> = {
  customer: { label: 'Customer', description: 'Place orders and follow your own.' },
  operator: {
    label: 'Operator',
    description: 'Watch every order, restock, retry or compensate a stuck fulfilment.',
  },
  auditor: { label: 'Auditor', description: 'Replay any order’s history, event by event.' },
  admin: { label: 'Admin', description: 'Everything, plus projections and subscriptions.' },
};
