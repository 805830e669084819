// The shop behind "the same feature four ways": its products and its rules.
// Only this code is shared. Each way keeps its own cart in its own module, because
// the Pages Router and the App Router are separate bundles with separate module state.

export const PRODUCTS = [
  { id: 'tea', name: 'Green tea' },
  { id: 'mug', name: 'Mug' },
] as const;

export type CartLine = { productId: string; quantity: number };
export type Cart = { lines: CartLine[]; count: number };

// ANCHOR: validate
/** Checks untrusted input. Form fields arrive as text, JSON may hold anything. */
export function parseLine(
  productId: unknown,
  quantity: unknown,
): { line: CartLine } | { error: string } {
  if (!PRODUCTS.some((product) => product.id === productId)) {
    return { error: 'unknown productId' };
  }
  const n = typeof quantity === 'string' && quantity !== '' ? Number(quantity) : quantity;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > 99) {
    return { error: 'quantity must be a whole number from 1 to 99' };
  }
  return { line: { productId: productId as string, quantity: n } };
}
// ANCHOR_END: validate

/** Adds a line to a cart, merging it with a line for the same product. */
export function addLine(cart: Cart, line: CartLine): Cart {
  const existing = cart.lines.find((l) => l.productId === line.productId);
  if (existing) {
    existing.quantity += line.quantity;
  } else {
    cart.lines.push({ ...line });
  }
  cart.count += line.quantity;
  return cart;
}

export function newCart(): Cart {
  return { lines: [], count: 0 };
}
