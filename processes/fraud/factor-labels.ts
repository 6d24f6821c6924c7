import type { FeatureName, FraudFeatures } from './features.ts';

const times = (log2: number): string => `${(2 ** log2).toFixed(1)}×`;
const plural = (count: number, one: string): string =>
  `${String(count)} ${one}${count === 1 ? '' : 's'}`;

const labels: Record<FeatureName, (value: number, all: FraudFeatures) => string> = {
  ordersLastHour: (value) => `${plural(value, 'order')} in the last hour`,
  ordersLastDay: (value) => `${plural(value, 'order')} in the last 24 hours`,
  hourVelocityExcess: (_, all) =>
    `${plural(all.ordersLastHour ?? 0, 'order')} in the last hour, more than the customer's habit`,
  dayVelocityExcess: (_, all) =>
    `${plural(all.ordersLastDay ?? 0, 'order')} in the last 24 hours, more than the customer's habit`,
  valueToUsual: (value) => `order worth ${times(value)} the customer's usual`,
  valueToShop: (value) => `order worth ${times(value)} the shop's average`,
  accountAgeDays: (value) =>
    value < 1 ? 'first order of a new account' : `account ${plural(Math.floor(value), 'day')} old`,
  valueAgainstAge: (_, all) =>
    `${times(all.valueToShop ?? 0)} the average order from an account ${plural(Math.floor(all.accountAgeDays ?? 0), 'day')} old`,
  declinesLastDay: (value) => `${plural(value, 'payment decline')} in the last 24 hours`,
  declineExcess: (_, all) =>
    `${plural(all.declinesLastDay ?? 0, 'payment decline')} in the last 24 hours, unusual for the customer`,
  pastDeclines: (value) => `${plural(value, 'payment decline')} before, in all`,
  peakHourOrders: (value) => `once placed ${plural(value, 'order')} within an hour`,
  peakExcess: (_, all) =>
    `once placed ${plural(all.peakHourOrders ?? 0, 'order')} within an hour, unusual for the customer`,
  hourRarity: (value) => `placed at a rare hour (${(100 / 24 / 2 ** value).toFixed(1)}% of orders)`,
  rareHourValue: (_, all) => `${times(all.valueToShop ?? 0)} the average order, at a rare hour`,
  maxLineQuantity: (value) => `${String(value)} of one item`,
  addressChangesLastDay: (value) =>
    `${plural(value, 'shipping address change')} in the last 24 hours`,
  quantitySpike: (value, all) =>
    `${String(all.maxLineQuantity ?? 0)} of one item, ${times(value)} the customer's usual`,
};

/** The plain-English reading of one feature's value, for the review page. */
export const labelOf = (feature: string, features: FraudFeatures): string => {
  const value = features[feature] ?? 0;
  const label = (labels as Record<string, (value: number, all: FraudFeatures) => string>)[feature];
  return label === undefined ? `${feature} = ${value.toFixed(2)}` : label(value, features);
};
