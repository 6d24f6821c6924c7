/** The AsyncAPI document's info: served and written by `npm run contracts` alike. */
export const asyncApiInfo = { title: 'Order Ledger events', version: '1' } as const;
