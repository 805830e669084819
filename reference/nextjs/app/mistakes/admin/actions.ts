'use server';
import { cookies } from 'next/headers';
import { isAdmin, listProducts, removeProduct } from './store';

// MISTAKE: no check inside. Only the page's markup keeps the button from non-admins.
export async function deleteProduct(id: string) {
  removeProduct(id);
  return { deleted: id, remaining: listProducts().map((p) => p.id) };
}

// FIX: the action itself asks who is calling, on every call.
export async function deleteProductSafely(id: string) {
  const session = (await cookies()).get('session')?.value;
  if (!isAdmin(session)) {
    return { error: 'Only admins may delete products.' };
  }
  removeProduct(id);
  return { deleted: id, remaining: listProducts().map((p) => p.id) };
}
