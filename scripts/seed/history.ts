import { inventoryStream, productStream } from '../../domain/streams.ts';
import { deterministicId } from '../../infra/eventstore/ids.ts';
import type { MetadataInput } from '../../infra/eventstore/metadata.ts';
import { dayMs, dayStart, ordersPerDay } from './calendar.ts';
import { CartSeeder } from './carts.ts';
import { generateCatalog, PriceIndex, shopPrice } from './catalog.ts';
import type { SeedProduct } from './catalog.ts';
import { arrivalsOfDay } from './fraud.ts';
import type { FraudLabel } from './fraud.ts';
import { Customers, planOrder } from './order-plan.ts';
import { orderStory } from './order-story.ts';
import type { StoryEvent } from './order-story.ts';
import { Random } from './random.ts';
import type { SeedEvent, SeededEvent } from './seed-event.ts';
import { Revisions } from './seed-event.ts';
import { StockKeeper } from './stock.ts';
import { TimeQueue } from './time-queue.ts';

export type HistoryOptions = {
  readonly orders: number;
  readonly days: number;
  readonly seed: number;
  readonly fraud: boolean;
  /** Whether customers fill carts (scripts/seed/carts.ts); default yes. */
  readonly carts?: boolean;
  /** The seeded period ends here (ms since the epoch): nothing is back-dated after it. */
  readonly end: number;
  readonly products?: number;
  /** Put before every sku, so tests sharing an event store keep to their own streams. */
  readonly skuPrefix?: string;
  /** Told of each injected fraud order. */
  readonly onLabel?: (label: FraudLabel) => void;
};

type Due =
  | { readonly kind: 'event'; readonly event: StoryEvent; readonly chain: string }
  | { readonly kind: 'restock'; readonly product: SeedProduct }
  | { readonly kind: 'price'; readonly product: SeedProduct };

/**
 * The whole history, event by event in business-time order: the catalog, weekly restocks, price
 * changes and every order's story, interleaved as they would have happened. Deterministic in
 * `seed`. Orders are planned in time order against the stock and prices of that moment.
 */
export function* seedHistory(options: HistoryOptions): Generator<SeedEvent> {
  const { end, days, seed } = options;
  const random = new Random(seed);
  const products = generateCatalog(options.products ?? 1000, random, options.skuPrefix);
  const prices = new PriceIndex(products);
  const stock = new StockKeeper(products, end);
  const customers = new Customers(options.orders, seed);
  const carts = options.carts === false ? undefined : new CartSeeder(seed);
  const revisions = new Revisions();
  const queue = new TimeQueue<Due>();
  const schedule = (at: number, due: Due): void => {
    queue.push(at, due);
  };
  const start = dayStart(0, days, end);
  let actions = 0;
  const skuIndex = new Map(products.map((product) => [product.sku, product.index]));
  const indexOf = (sku: string): number => skuIndex.get(sku) ?? -1;
  // The customer of each fraud episode of the current week.
  const episodeCustomers = new Map<number, number>();

  const operatorEvent = (
    stream: string,
    correlationId: string,
    actor: string,
    at: number,
    event: SeededEvent,
  ): StoryEvent & { chain: string } => {
    const commandId = deterministicId('seed-command', seed, actions++);
    const metadata: MetadataInput = {
      $correlationId: correlationId,
      $causationId: deterministicId('request', commandId),
      actor,
      occurredAt: new Date(at).toISOString(),
      commandId,
    };
    const id = deterministicId(commandId, 0);
    return { stream, revision: undefined, id, event, metadata, at, chain: stream };
  };
  // Inventory streams are numbered by the writer, in the order it appends them (writer.ts).
  const numbered = (event: StoryEvent & { chain: string }): SeedEvent =>
    event.stream.startsWith('inventory-')
      ? event
      : { ...event, revision: event.revision ?? revisions.take(event.stream) };
  const restockEvent = (product: SeedProduct, quantity: number, at: number) =>
    operatorEvent(inventoryStream(product.sku), `restock-${product.sku}`, 'replenishment', at, {
      type: 'StockRestocked',
      data: { sku: product.sku, quantity, restockedAt: new Date(at).toISOString() },
    });

  // The catalog and its first stock, the day before the first order.
  const weeklyGuess = (options.orders * 2.5 * 7) / days / products.length;
  for (const product of products) {
    const at = start - dayMs + product.index;
    const { sku, name, category, description, firstPrice: unitPrice } = product;
    yield numbered(
      operatorEvent(productStream(sku), `product-${sku}`, 'catalog-admin', at, {
        type: 'ProductAdded',
        data: { sku, name, category, description, unitPrice },
      }),
    );
    const quantity = stock.initial(product.index, weeklyGuess, random);
    if (quantity > 0) yield numbered(restockEvent(product, quantity, at + products.length));
    schedule(start + random.int(0, 7 * dayMs - 1), { kind: 'restock', product });
    let changes = 0;
    while (changes < 4 && random.chance(0.6)) changes += 1;
    for (let change = 0; change < changes; change++) {
      schedule(start + random.int(0, days * dayMs - 1), { kind: 'price', product });
    }
  }

  function* emitUntil(until: number): Generator<SeedEvent> {
    for (;;) {
      const next = queue.peekAt();
      if (next === undefined || next > until) return;
      const popped = queue.pop();
      if (popped === undefined) return;
      const { at, value: due } = popped;
      if (due.kind === 'restock') {
        const quantity = stock.weeklyRestock(due.product.index);
        if (quantity > 0) yield numbered(restockEvent(due.product, quantity, at));
        if (at + 7 * dayMs < end) schedule(at + 7 * dayMs, due);
        continue;
      }
      if (due.kind === 'price') {
        const { product } = due;
        const previousUnitPrice = product.price;
        const unitPrice = shopPrice(
          (previousUnitPrice.amount / 100) * random.logNormal(1, 0.12),
          random,
        );
        if (unitPrice.amount === previousUnitPrice.amount) continue;
        product.price = unitPrice;
        const stream = productStream(product.sku);
        yield numbered(
          operatorEvent(stream, `product-${product.sku}`, 'catalog-admin', at, {
            type: 'ProductPriceChanged',
            data: { sku: product.sku, unitPrice, previousUnitPrice },
          }),
        );
        continue;
      }
      const { event } = due;
      if (event.event.type === 'StockReleased') {
        stock.release(indexOf(event.event.data.sku), event.event.data.quantity);
      }
      yield numbered({ ...event, chain: due.chain });
    }
  }

  let episodes = 0;
  let serial = 0;
  let latest = start;
  const perDay = ordersPerDay(options.orders, days, end);
  for (const [day, count] of perDay.entries()) {
    const arrivals = arrivalsOfDay(
      count,
      dayStart(day, days, end),
      options.fraud,
      random,
      () => episodes++,
    );
    for (const arrival of arrivals) {
      // Nothing is back-dated after the end; an episode running past midnight keeps time order.
      const at = Math.min(end, Math.max(latest, arrival.at));
      latest = at;
      yield* emitUntil(at);
      const pattern = arrival.fraud?.pattern;
      const isNew =
        pattern === 'new_account_high_value' ||
        (pattern === 'unusual_hour' && random.chance(0.7)) ||
        random.chance(0.3);
      const episodeCustomer =
        arrival.fraud === undefined ? undefined : episodeCustomers.get(arrival.fraud.episode);
      const customer = episodeCustomer ?? (isNew ? customers.fresh() : customers.returning(random));
      if (arrival.fraud !== undefined) episodeCustomers.set(arrival.fraud.episode, customer);
      const plan = planOrder({ ...arrival, at }, customers.id(customer), serial++, {
        products,
        prices,
        stock,
        random,
        seed,
      });
      if (plan === undefined) continue;
      customers.ordered(customer);
      // Low and out skus are restocked as they sell, just before the order (stock.ts).
      if (plan.outcome !== 'pending') {
        for (const { sku, quantity } of plan.lines) {
          const product = products[indexOf(sku)];
          const restock = stock.restockFor(indexOf(sku), quantity, at, random);
          if (product !== undefined && restock > 0) {
            const event = restockEvent(product, restock, at);
            schedule(at, { kind: 'event', event, chain: event.chain });
          }
        }
      }
      if (arrival.fraud !== undefined) {
        options.onLabel?.({
          orderId: plan.orderId,
          customerId: plan.customerId,
          pattern: arrival.fraud.pattern,
          episode: arrival.fraud.episode,
          placedAt: new Date(at).toISOString(),
        });
      }
      // The cart's events of the visit come first, its checkout after the order (ties keep order).
      for (const event of carts?.beforeOrder(plan, at, products) ?? [])
        schedule(at, { kind: 'event', event, chain: event.stream });
      for (const event of orderStory(plan, end)) {
        if (event.event.type === 'StockReserved') {
          stock.reserve(indexOf(event.event.data.sku), event.event.data.quantity);
        }
        schedule(event.at, { kind: 'event', event, chain: plan.orderId });
      }
      for (const event of carts?.afterOrder(plan, at, products) ?? [])
        schedule(at, { kind: 'event', event, chain: event.stream });
    }
    if (day % 7 === 6) episodeCustomers.clear();
  }
  yield* emitUntil(end - 30 * 60_000);
  for (const product of products) {
    const quantity = stock.closing(product.index, random);
    const at = end - random.int(1, 30 * 60_000);
    const event = restockEvent(product, quantity, at);
    if (quantity > 0) schedule(at, { kind: 'event', event, chain: event.chain });
  }
  yield* emitUntil(end);
}
