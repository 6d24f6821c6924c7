export const streamCategories = [
  'order',
  'inventory',
  'payment',
  'fulfilment',
  'product',
  'customer',
  'cart',
] as const;
export type StreamCategory = (typeof streamCategories)[number];
export type StreamRef = { category: StreamCategory; id: string };

const isCategory = (value: string): value is StreamCategory =>
  (streamCategories as readonly string[]).includes(value);

const streamName = (category: StreamCategory, id: string): string => {
  // `order-` would be a stream of no order at all, and would not parse back.
  if (id === '') throw new Error(`A ${category} stream needs a non-empty id`);
  return `${category}-${id}`;
};

export const orderStream = (orderId: string): string => streamName('order', orderId);
export const inventoryStream = (sku: string): string => streamName('inventory', sku);
export const paymentStream = (orderId: string): string => streamName('payment', orderId);
export const fulfilmentStream = (orderId: string): string => streamName('fulfilment', orderId);
/** A product's catalog entry and price history. */
export const productStream = (sku: string): string => streamName('product', sku);
/** A customer account: profile, addresses, roles, with personal data sealed. */
export const customerStream = (customerId: string): string => streamName('customer', customerId);
/** A customer's cart: skus and quantities only, and the orders it became. */
export const cartStream = (customerId: string): string => streamName('cart', customerId);
/**
 * The claim on one e-mail address, named by its keyed hash (never the address itself), so that
 * e-mails are unique without a read model. It shares the `customer` category.
 */
export const customerEmailStream = (emailKey: string): string =>
  streamName('customer', `email-${emailKey}`);

/**
 * `inventory-SKU-1` → `{ category: 'inventory', id: 'SKU-1' }`. The category ends at the first
 * dash, as in EventStoreDB's `$ce-` projection, so ids may contain dashes. Not ours → undefined.
 */
export const parseStreamName = (name: string): StreamRef | undefined => {
  const dash = name.indexOf('-');
  if (dash < 1) return undefined;
  const category = name.slice(0, dash);
  const id = name.slice(dash + 1);
  return isCategory(category) && id !== '' ? { category, id } : undefined;
};

const idIn =
  (category: StreamCategory) =>
  (name: string): string | undefined => {
    const ref = parseStreamName(name);
    return ref?.category === category ? ref.id : undefined;
  };

export const parseOrderStream = idIn('order');
export const parseInventoryStream = idIn('inventory');
export const parsePaymentStream = idIn('payment');
export const parseFulfilmentStream = idIn('fulfilment');
export const parseProductStream = idIn('product');
export const parseCartStream = idIn('cart');
/** The customer id of a `customer-{id}` stream; an e-mail claim stream is none. */
export const parseCustomerStream = (name: string): string | undefined => {
  const id = idIn('customer')(name);
  return id === undefined || id.startsWith('email-') ? undefined : id;
};
