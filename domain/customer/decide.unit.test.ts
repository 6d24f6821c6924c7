import { describe, expect, it } from 'vitest';
import { admin, by, customer, operator, otherCustomer } from '../shared/fixtures.ts';
import { spec } from '../shared/spec.ts';
import { customerEmailStream, customerStream, parseCustomerStream } from '../streams.ts';
import type { CustomerCommand } from './commands.ts';
import { maxAddresses } from './commands.ts';
import { customerDecider } from './decide.ts';
import {
  AddressNotFound,
  CustomerAlreadyRegistered,
  CustomerNotFound,
  CustomerWasErased,
  NotYourAccount,
  TooManyAddresses,
} from './errors.ts';
import { customerEvents } from './events.ts';
import type { CustomerEvent } from './events.ts';
import { addressAdded, customerId, emailKey, registered, sealed } from './fixtures.ts';

const account = spec(customerDecider, customerEvents);
const self = by(customer, 5);

const register: CustomerCommand = {
  type: 'RegisterCustomer',
  data: { customerId, emailKey, email: sealed(1), name: sealed(2), passwordHash: sealed(3) },
  metadata: self,
};
const addAddress = (addressId: string, n: number, makeDefault = false): CustomerCommand => ({
  type: 'AddAddress',
  data: { customerId, addressId, address: sealed(n), makeDefault },
  metadata: self,
});
const erase = (metadata = self): CustomerCommand => ({
  type: 'EraseCustomer',
  data: { customerId },
  metadata,
});
const erased: CustomerEvent = {
  type: 'CustomerErased',
  data: { customerId, requestedBy: customer.id, requestedAs: 'self' },
};

describe('RegisterCustomer', () => {
  it('opens the account with its sealed e-mail, name and password hash', () => {
    account.given([]).when(register).thenEmits([registered]);
  });

  it('refuses an id that exists', () => {
    account.given([registered]).when(register).thenThrows(CustomerAlreadyRegistered);
  });
});

describe('ChangePassword and UpdateProfile', () => {
  it('records the new password hash, for the customer themself only', () => {
    const change = (metadata = self): CustomerCommand => ({
      type: 'ChangePassword',
      data: { customerId, passwordHash: sealed(9) },
      metadata,
    });
    account
      .given([registered])
      .when(change())
      .thenEmits([
        { type: 'CustomerPasswordChanged', data: { customerId, passwordHash: sealed(9) } },
      ]);
    account
      .given([registered])
      .when(change(by(otherCustomer, 5)))
      .thenThrows(NotYourAccount, { customerId, command: 'ChangePassword' });
    account
      .given([registered])
      .when(change(by(admin, 5)))
      .thenThrows(NotYourAccount);
  });

  it('records the name and phone', () => {
    const data = { customerId, name: sealed(7), phone: sealed(8) };
    account
      .given([registered])
      .when({ type: 'UpdateProfile', data, metadata: self })
      .thenEmits([{ type: 'CustomerProfileUpdated', data }]);
  });

  it('refuses a customer that never registered', () => {
    account
      .given([])
      .when({
        type: 'UpdateProfile',
        data: { customerId, name: sealed(7), phone: null },
        metadata: self,
      })
      .thenThrows(CustomerNotFound, { customerId });
  });
});

describe('addresses', () => {
  it('makes the first address the default, and the next ones only when asked', () => {
    account
      .given([registered])
      .when(addAddress('a1', 10))
      .thenEmits([addressAdded('a1', 10, true)]);
    account
      .given([registered, addressAdded('a1', 10, true)])
      .when(addAddress('a2', 11))
      .thenEmits([addressAdded('a2', 11, false)]);
    account
      .given([registered, addressAdded('a1', 10, true)])
      .when(addAddress('a2', 11, true))
      .thenEmits([addressAdded('a2', 11, true)]);
  });

  it('writes nothing for an address id it already has (a retried request)', () => {
    account
      .given([registered, addressAdded('a1', 10, true)])
      .when(addAddress('a1', 12))
      .thenNothing();
  });

  it(`keeps at most ${String(maxAddresses)}`, () => {
    const full = Array.from({ length: maxAddresses }, (_, i) =>
      addressAdded(`a${String(i)}`, i, i === 0),
    );
    account
      .given([registered, ...full])
      .when(addAddress('one-more', 99))
      .thenThrows(TooManyAddresses);
  });

  it('updates an address and chooses it as the default', () => {
    const update = (
      address: ReturnType<typeof sealed> | null,
      makeDefault: boolean,
    ): CustomerCommand => ({
      type: 'UpdateAddress',
      data: { customerId, addressId: 'a2', address, makeDefault },
      metadata: self,
    });
    const two = [registered, addressAdded('a1', 10, true), addressAdded('a2', 11, false)];
    account
      .given(two)
      .when(update(sealed(20), true))
      .thenEmits([
        {
          type: 'CustomerAddressUpdated',
          data: { customerId, addressId: 'a2', address: sealed(20) },
        },
        { type: 'CustomerDefaultAddressChosen', data: { customerId, addressId: 'a2' } },
      ]);
    account
      .given([
        ...two,
        { type: 'CustomerDefaultAddressChosen', data: { customerId, addressId: 'a2' } },
      ])
      .when(update(null, true))
      .thenNothing();
    account
      .given([registered])
      .when(update(sealed(20), false))
      .thenThrows(AddressNotFound, { customerId, addressId: 'a2' });
  });

  it('removes an address; removing the default makes the oldest remaining one the default', () => {
    const remove = (addressId: string): CustomerCommand => ({
      type: 'RemoveAddress',
      data: { customerId, addressId },
      metadata: self,
    });
    const three = [
      registered,
      addressAdded('a1', 10, true),
      addressAdded('a2', 11, false),
      addressAdded('a3', 12, false),
    ];
    account
      .given(three)
      .when(remove('a1'))
      .thenEmits([
        {
          type: 'CustomerAddressRemoved',
          data: { customerId, addressId: 'a1', newDefaultAddressId: 'a2' },
        },
      ]);
    account
      .given(three)
      .when(remove('a3'))
      .thenEmits([
        {
          type: 'CustomerAddressRemoved',
          data: { customerId, addressId: 'a3', newDefaultAddressId: 'a1' },
        },
      ]);
    account.given(three).when(remove('gone')).thenNothing();
    const { state } = account.given([
      ...three,
      {
        type: 'CustomerAddressRemoved',
        data: { customerId, addressId: 'a1', newDefaultAddressId: 'a2' },
      },
    ]);
    expect(state).toMatchObject({
      defaultAddressId: 'a2',
      addresses: [{ addressId: 'a2' }, { addressId: 'a3' }],
    });
  });

  it("refuses another customer's addresses", () => {
    account
      .given([registered])
      .when({ ...addAddress('a1', 10), metadata: by(otherCustomer, 5) })
      .thenThrows(NotYourAccount);
  });
});

describe('GrantRole', () => {
  const grant = (metadata = by(admin, 6)): CustomerCommand => ({
    type: 'GrantRole',
    data: { customerId, role: 'operator' },
    metadata,
  });
  const granted: CustomerEvent = {
    type: 'CustomerRoleGranted',
    data: { customerId, role: 'operator', grantedBy: admin.id },
  };

  it('records the role with the admin who granted it', () => {
    account.given([registered]).when(grant()).thenEmits([granted]);
    account.given([registered, granted]).when(grant()).thenNothing();
  });

  it('is for admins only: not operators, not the customer themself', () => {
    account
      .given([registered])
      .when(grant(by(operator, 6)))
      .thenThrows(NotYourAccount);
    account.given([registered]).when(grant(self)).thenThrows(NotYourAccount);
  });
});

describe('EraseCustomer', () => {
  it('records who asked: the customer themself, or an admin', () => {
    account.given([registered]).when(erase()).thenEmits([erased]);
    account
      .given([registered])
      .when(erase(by(admin, 9)))
      .thenEmits([
        {
          type: 'CustomerErased',
          data: { customerId, requestedBy: admin.id, requestedAs: 'admin' },
        },
      ]);
  });

  it('refuses anyone else', () => {
    account
      .given([registered])
      .when(erase(by(otherCustomer, 9)))
      .thenThrows(NotYourAccount);
    account
      .given([registered])
      .when(erase(by(operator, 9)))
      .thenThrows(NotYourAccount);
  });

  it('is done once: erasing again writes nothing', () => {
    account.given([registered, erased]).when(erase()).thenNothing();
    account
      .given([registered, erased])
      .when(erase(by(admin, 9)))
      .thenNothing();
  });

  it('leaves the account closed to every change, and no envelope in its state', () => {
    const history = [registered, addressAdded('a1', 10, true), erased];
    account.given(history).when(addAddress('a2', 11)).thenThrows(CustomerWasErased, { customerId });
    account
      .given(history)
      .when({
        type: 'UpdateProfile',
        data: { customerId, name: sealed(7), phone: null },
        metadata: self,
      })
      .thenThrows(CustomerWasErased);
    account
      .given(history)
      .when({ type: 'GrantRole', data: { customerId, role: 'admin' }, metadata: by(admin, 9) })
      .thenThrows(CustomerWasErased);
    account.given(history).when(register).thenThrows(CustomerAlreadyRegistered);
    expect(account.given(history).state).toEqual({ status: 'erased', customerId, emailKey });
  });
});

describe('customer streams', () => {
  it('are customer-{id}; an e-mail claim is customer-email-{keyed hash} and names no customer', () => {
    expect(customerStream('c-1')).toBe('customer-c-1');
    expect(parseCustomerStream('customer-c-1')).toBe('c-1');
    expect(customerEmailStream(emailKey)).toBe(`customer-email-${emailKey}`);
    expect(parseCustomerStream(customerEmailStream(emailKey))).toBeUndefined();
    expect(parseCustomerStream('order-c-1')).toBeUndefined();
  });
});
