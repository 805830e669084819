// The shop's products and its one admin session. A real app keeps sessions in a
// database; the point here is only that the server decides who is an admin.
export const ADMIN_SESSION = 'admin-7f3a';

const products = [
  { id: '1', name: 'Kettle' },
  { id: '2', name: 'Teapot' },
  { id: '3', name: 'Mug' },
];

export function listProducts() {
  return products;
}

export function removeProduct(id: string) {
  const index = products.findIndex((p) => p.id === id);
  if (index >= 0) products.splice(index, 1);
}

export function isAdmin(session: string | undefined): boolean {
  return session === ADMIN_SESSION;
}
