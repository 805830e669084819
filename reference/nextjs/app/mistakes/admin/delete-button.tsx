'use client';
// The buttons that call the actions (rendered only for admins).
import { deleteProduct, deleteProductSafely } from './actions';

export function DeleteButton({ id }: { id: string }) {
  return <button onClick={() => deleteProduct(id)}>Delete</button>;
}

export function SafeDeleteButton({ id }: { id: string }) {
  return <button onClick={() => deleteProductSafely(id)}>Delete</button>;
}
