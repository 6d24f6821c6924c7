import { z } from 'zod';
import { moneySchema } from './shared/money.ts';

export const productSchema = z.object({
  sku: z.string().min(1),
  name: z.string().min(1),
  unitPrice: moneySchema,
});
export type Product = z.infer<typeof productSchema>;

/** A product as embedded mode seeds it: restocked with `initialStock` on a fresh event store. */
export type SeedProduct = Product & { initialStock: number };

const eur = (amount: number) => ({ amount, currency: 'EUR' });

// SKU-1, SKU-2… match the examples in DESIGN.md. One product is scarce on purpose, so a newcomer
// can watch an order rejected for stock.
export const seedCatalog: readonly SeedProduct[] = [
  { sku: 'SKU-1', name: 'Espresso beans, 1 kg', unitPrice: eur(1999), initialStock: 120 },
  { sku: 'SKU-2', name: 'Ceramic mug', unitPrice: eur(1250), initialStock: 80 },
  { sku: 'SKU-3', name: 'Paper filters, pack of 100', unitPrice: eur(499), initialStock: 300 },
  { sku: 'SKU-4', name: 'Hand grinder', unitPrice: eur(4900), initialStock: 25 },
  { sku: 'SKU-5', name: 'Pour-over kettle', unitPrice: eur(3999), initialStock: 30 },
  { sku: 'SKU-6', name: 'Milk frother', unitPrice: eur(2499), initialStock: 40 },
  { sku: 'SKU-7', name: 'Decaf beans, 500 g', unitPrice: eur(1150), initialStock: 60 },
  { sku: 'SKU-8', name: 'Digital coffee scale', unitPrice: eur(2999), initialStock: 35 },
  { sku: 'SKU-9', name: 'Cold brew bottle', unitPrice: eur(2250), initialStock: 50 },
  { sku: 'SKU-10', name: 'Roaster’s limited edition box', unitPrice: eur(8900), initialStock: 3 },
];

export const findProduct = <P extends Product>(catalog: readonly P[], sku: string): P | undefined =>
  catalog.find((product) => product.sku === sku);
