import { z } from 'zod';
import { moneySchema } from './shared/money.ts';

export const productSchema = z.object({
  sku: z.string().min(1),
  name: z.string().min(1),
  unitPrice: moneySchema,
});
export type Product = z.infer<typeof productSchema>;

/**
 * A starter product: added to the catalog (ProductAdded) when the system first starts, and in
 * embedded mode restocked with `initialStock` on a fresh event store.
 */
export type SeedProduct = Product & {
  category: string;
  description: string;
  initialStock: number;
};

const eur = (amount: number) => ({ amount, currency: 'EUR' });

// SKU-1, SKU-2… match the examples in DESIGN.md. One product is scarce on purpose, so a newcomer
// can watch an order rejected for stock.
export const seedCatalog: readonly SeedProduct[] = [
  {
    sku: 'SKU-1',
    name: 'Espresso beans, 1 kg',
    category: 'Coffee',
    description: 'Dark-roasted whole beans for espresso, chocolate and hazelnut notes.',
    unitPrice: eur(1999),
    initialStock: 120,
  },
  {
    sku: 'SKU-2',
    name: 'Ceramic mug',
    category: 'Tableware',
    description: 'A 300 ml stoneware mug, dishwasher safe.',
    unitPrice: eur(1250),
    initialStock: 80,
  },
  {
    sku: 'SKU-3',
    name: 'Paper filters, pack of 100',
    category: 'Brewing',
    description: 'Unbleached size 2 cone filters.',
    unitPrice: eur(499),
    initialStock: 300,
  },
  {
    sku: 'SKU-4',
    name: 'Hand grinder',
    category: 'Equipment',
    description: 'Steel conical burrs with stepless adjustment, from espresso to French press.',
    unitPrice: eur(4900),
    initialStock: 25,
  },
  {
    sku: 'SKU-5',
    name: 'Pour-over kettle',
    category: 'Equipment',
    description: 'A 1 l gooseneck kettle for a steady, slow pour.',
    unitPrice: eur(3999),
    initialStock: 30,
  },
  {
    sku: 'SKU-6',
    name: 'Milk frother',
    category: 'Equipment',
    description: 'Battery-powered whisk for foam in seconds.',
    unitPrice: eur(2499),
    initialStock: 40,
  },
  {
    sku: 'SKU-7',
    name: 'Decaf beans, 500 g',
    category: 'Coffee',
    description: 'Swiss-water decaffeinated whole beans, medium roast.',
    unitPrice: eur(1150),
    initialStock: 60,
  },
  {
    sku: 'SKU-8',
    name: 'Digital coffee scale',
    category: 'Equipment',
    description: 'Weighs to 0.1 g with a built-in timer.',
    unitPrice: eur(2999),
    initialStock: 35,
  },
  {
    sku: 'SKU-9',
    name: 'Cold brew bottle',
    category: 'Brewing',
    description: 'A 1 l glass bottle with a fine mesh filter for overnight cold brew.',
    unitPrice: eur(2250),
    initialStock: 50,
  },
  {
    sku: 'SKU-10',
    name: 'Roaster’s limited edition box',
    category: 'Coffee',
    description: 'Three single-origin roasts chosen by the roaster, while they last.',
    unitPrice: eur(8900),
    initialStock: 3,
  },
];

export const findProduct = <P extends Product>(catalog: readonly P[], sku: string): P | undefined =>
  catalog.find((product) => product.sku === sku);
