import type { IconName } from './components/Icon.svelte';
import type { OrderStatus } from './schemas/orders.ts';

export type Tone = 'neutral' | 'info' | 'success' | 'warning' | 'danger';

/** Each status is told three ways: words, a shape, and a colour. */
export const statusStyle: Record<OrderStatus, { label: string; icon: IconName; tone: Tone }> = {
  placed: { label: 'Placed', icon: 'clock', tone: 'info' },
  confirmed: { label: 'Confirmed', icon: 'check', tone: 'success' },
  shipped: { label: 'Shipped', icon: 'truck', tone: 'success' },
  delivered: { label: 'Delivered', icon: 'home', tone: 'success' },
  cancelled: { label: 'Cancelled', icon: 'ban', tone: 'neutral' },
  rejected: { label: 'Rejected', icon: 'x', tone: 'danger' },
};

export const terminalStatuses: readonly OrderStatus[] = ['delivered', 'cancelled', 'rejected'];

/** Where an event came from, by its stream's prefix. */
export const sourceOf = (stream: string): { label: string; icon: IconName } => {
  if (stream.startsWith('order-')) return { label: 'Order', icon: 'flag' };
  if (stream.startsWith('inventory-')) return { label: 'Inventory', icon: 'box' };
  if (stream.startsWith('payment-')) return { label: 'Payment', icon: 'card' };
  if (stream.startsWith('fulfilment-')) return { label: 'Fulfilment', icon: 'gear' };
  return { label: 'Other', icon: 'dot' };
};
