import type { CartLine } from '../../domain/cart/index.ts';
import { multiplyMoney, sumMoney } from '../../domain/shared/money.ts';
import type { Catalog } from '../catalog.ts';
import type { CartView } from './schemas.ts';

/**
 * The cart as its owner sees it: each line with today's price and what is available now, read
 * from the catalog and the inventory streams at the moment of asking (the cart holds neither).
 */
export const cartView = async (
  catalog: Catalog,
  customerId: string,
  lines: readonly CartLine[],
): Promise<CartView> => {
  const known = lines.flatMap((line) => {
    const product = catalog.find(line.sku);
    return product === undefined ? [] : [product];
  });
  const levels = new Map(
    (await catalog.withAvailability(known)).map((product) => [product.sku, product]),
  );
  const viewed = lines.map(({ sku, quantity }) => {
    const product = levels.get(sku);
    if (product === undefined) return { sku, quantity, available: 0, orderable: false };
    return {
      sku,
      quantity,
      name: product.name,
      unitPrice: product.unitPrice,
      lineTotal: multiplyMoney(product.unitPrice, quantity),
      available: product.available,
      orderable: product.available >= quantity,
    };
  });
  const totals = viewed.flatMap((line) => (line.lineTotal === undefined ? [] : [line.lineTotal]));
  const [first] = totals;
  return {
    customerId,
    lines: viewed,
    total: first === undefined ? null : sumMoney(totals, first.currency),
    itemCount: lines.reduce((sum, line) => sum + line.quantity, 0),
  };
};
