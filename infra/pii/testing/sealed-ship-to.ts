import { newDataKey } from '../key-store.ts';
import { open, seal } from '../envelope.ts';

/** A customer's address, sealed as an order carries it, with the key that opens it. */
export const sealedShipToFixture = (customerId = 'cust-1') => {
  const address = {
    recipient: 'Ada Lovelace',
    line1: '12 Rue des Lilas',
    postalCode: '75011',
    city: 'Paris',
    country: 'FR',
  };
  const key = newDataKey();
  const context = `customer:${customerId}`;
  const shipTo = { addressId: 'addr-1', address: seal(key, JSON.stringify(address), context) };
  return {
    address,
    key,
    context,
    shipTo,
    openSealed: (sealed: Parameters<typeof open>[1]) => open(key, sealed, context),
  };
};
