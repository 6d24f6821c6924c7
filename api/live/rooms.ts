import { hasRole, type Principal } from '../auth/principal.ts';
import type { OrderOwners } from './ownership.ts';
import type { Room } from './protocol.ts';

/**
 * Whether `principal` may be in `room`: `orders` for operators, auditors and admins; `admin` for
 * admins; `ops` for operators and admins; `order:<id>` for those and for the order's customer. Resolves with the refusal's text
 * otherwise, which never tells someone else's order from one that does not exist.
 */
export const mayJoin = async (
  principal: Principal,
  room: Room,
  owners: OrderOwners,
): Promise<true | string> => {
  switch (room.kind) {
    case 'orders':
      return (
        hasRole(principal, 'operator', 'auditor', 'admin') ||
        'the orders room is for operators, auditors and admins'
      );
    case 'admin':
      return hasRole(principal, 'admin') || 'the admin room is for admins';
    case 'ops':
      return hasRole(principal, 'operator', 'admin') || 'the ops room is for operators and admins';
    case 'order': {
      if (hasRole(principal, 'operator', 'auditor', 'admin')) return true;
      if (!hasRole(principal, 'customer')) return 'no such order';
      return (await owners.ownerOf(room.orderId)) === principal.sub || 'no such order';
    }
  }
};
