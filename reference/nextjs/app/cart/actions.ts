'use server';
// Ways 3 and 4, Server Actions: every export of this file can be called with a POST.
import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { addLine, newCart, parseLine, type Cart } from '../../lib/cart';

// The actions' own cart, shared by /cart and /cart/client (one module).
const cart = newCart();

export async function getCart(): Promise<Cart> {
  return cart;
}

// ANCHOR: add_to_cart
/** Way 3: the action of a <form>, which works without JavaScript. */
export async function addToCart(formData: FormData) {
  const parsed = parseLine(formData.get('productId'), formData.get('quantity'));
  if ('error' in parsed) {
    // An action cannot pick a status code; the message travels in the URL.
    redirect(`/cart?error=${encodeURIComponent(parsed.error)}`);
  }
  addLine(cart, parsed.line);
  revalidatePath('/cart');
}
// ANCHOR_END: add_to_cart

// ANCHOR: add_from_client
/** Way 4: called from a client component with plain arguments. */
export async function addToCartFromClient(productId: string, quantity: number) {
  const parsed = parseLine(productId, quantity);
  if ('error' in parsed) {
    return { ok: false as const, error: parsed.error };
  }
  return { ok: true as const, cart: addLine(cart, parsed.line) };
}
// ANCHOR_END: add_from_client
