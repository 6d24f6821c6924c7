import { categories } from './categories.ts';

// Baskets with structure a recommender can learn, as a shop's have (issue 14): without it every
// line is drawn on its own, and no model can beat "the most popular" at guessing the next one.

/** Of an order's items, about this share is drawn from the customer's favourite categories. */
export const favouriteShare = 0.6;
/** After an item, the next one is its complement this often (when it is for sale). */
export const complementShare = 0.3;
const favourites = 3;

/** FNV-1a: a customer's tastes follow from their id, so they cost no draw of the history's dice. */
const hash = (text: string): number => {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
};

/** The names of the three categories a customer buys from most. */
export const favouriteCategories = (customerId: string): string[] => {
  const chosen: string[] = [];
  let h = hash(customerId);
  while (chosen.length < favourites) {
    const name = categories[h % categories.length]?.name;
    if (name !== undefined && !chosen.includes(name)) chosen.push(name);
    h = Math.imul(h, 0x9e3779b1) >>> 0 || 1;
  }
  return chosen;
};
